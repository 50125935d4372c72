@NullMarked
package dev.threadline.worker.store;

import org.jspecify.annotations.NullMarked;
