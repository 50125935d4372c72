@NullMarked
package dev.threadline.gateway.stomp;

import org.jspecify.annotations.NullMarked;
