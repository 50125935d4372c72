/** Health checks both services share. */
@NullMarked
package dev.threadline.model.health;

import org.jspecify.annotations.NullMarked;
