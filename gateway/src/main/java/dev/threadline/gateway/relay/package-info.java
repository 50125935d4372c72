@NullMarked
package dev.threadline.gateway.relay;

import org.jspecify.annotations.NullMarked;
