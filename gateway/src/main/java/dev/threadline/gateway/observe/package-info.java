/** Operations: health and readiness of the gateway. */
@NullMarked
package dev.threadline.gateway.observe;

import org.jspecify.annotations.NullMarked;
