@NullMarked
package dev.threadline.common.auth;

import org.jspecify.annotations.NullMarked;
