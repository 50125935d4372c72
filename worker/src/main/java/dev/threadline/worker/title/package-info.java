/** Titles generated for threads created without one (PROTOCOL.md §11). */
@NullMarked
package dev.threadline.worker.title;

import org.jspecify.annotations.NullMarked;
