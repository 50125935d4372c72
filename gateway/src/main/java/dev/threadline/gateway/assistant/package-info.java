@NullMarked
package dev.threadline.gateway.assistant;

import org.jspecify.annotations.NullMarked;
