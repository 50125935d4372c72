@NullMarked
package dev.threadline.model.message;

import org.jspecify.annotations.NullMarked;
