@NullMarked
package dev.threadline.gateway.dispatch;

import org.jspecify.annotations.NullMarked;
