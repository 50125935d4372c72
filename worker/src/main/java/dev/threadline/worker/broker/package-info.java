@NullMarked
package dev.threadline.worker.broker;

import org.jspecify.annotations.NullMarked;
