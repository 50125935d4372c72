@NullMarked
package dev.threadline.model.assistant;

import org.jspecify.annotations.NullMarked;
