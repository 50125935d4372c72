@NullMarked
package dev.threadline.common.store;

import org.jspecify.annotations.NullMarked;
