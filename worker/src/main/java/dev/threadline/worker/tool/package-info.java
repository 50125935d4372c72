@NullMarked
package dev.threadline.worker.tool;

import org.jspecify.annotations.NullMarked;
