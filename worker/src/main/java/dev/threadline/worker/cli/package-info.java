@NullMarked
package dev.threadline.worker.cli;

import org.jspecify.annotations.NullMarked;
