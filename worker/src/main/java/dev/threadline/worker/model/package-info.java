@NullMarked
package dev.threadline.worker.model;

import org.jspecify.annotations.NullMarked;
