@NullMarked
package dev.threadline.gateway.auth;

import org.jspecify.annotations.NullMarked;
