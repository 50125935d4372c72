/**
 * The gateway's one failure type, free of any protocol: REST answers it as problem+json ({@code web}),
 * STOMP as an error event on {@code /user/queue/errors} ({@code stomp}). Depends on nothing else in the
 * gateway, so every package may throw it.
 */
@NullMarked
package dev.threadline.gateway.error;

import org.jspecify.annotations.NullMarked;
