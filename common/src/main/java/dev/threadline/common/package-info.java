@NullMarked
package dev.threadline.common;

import org.jspecify.annotations.NullMarked;
