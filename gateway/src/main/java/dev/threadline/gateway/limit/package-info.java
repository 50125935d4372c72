/** Rate and size limits of the REST API and STOMP frames. */
@NullMarked
package dev.threadline.gateway.limit;

import org.jspecify.annotations.NullMarked;
