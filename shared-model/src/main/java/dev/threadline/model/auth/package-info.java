@NullMarked
package dev.threadline.model.auth;

import org.jspecify.annotations.NullMarked;
