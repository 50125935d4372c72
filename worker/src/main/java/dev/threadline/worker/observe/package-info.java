/** Operations: the worker's health, and its trace context carried to the model. */
@NullMarked
package dev.threadline.worker.observe;

import org.jspecify.annotations.NullMarked;
