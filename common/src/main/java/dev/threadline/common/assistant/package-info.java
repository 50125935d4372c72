@NullMarked
package dev.threadline.common.assistant;

import org.jspecify.annotations.NullMarked;
