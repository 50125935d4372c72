@NullMarked
package dev.threadline.model.thread;

import org.jspecify.annotations.NullMarked;
