@NullMarked
package dev.threadline.model.user;

import org.jspecify.annotations.NullMarked;
