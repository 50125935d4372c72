@NullMarked
package dev.threadline.model.event;

import org.jspecify.annotations.NullMarked;
