@NullMarked
package dev.threadline.worker.assistant;

import org.jspecify.annotations.NullMarked;
