/** Who is subscribed to which thread, on every gateway (PROTOCOL.md §14): store-backed entries that expire unless refreshed. */
@NullMarked
package dev.threadline.gateway.presence;

import org.jspecify.annotations.NullMarked;
