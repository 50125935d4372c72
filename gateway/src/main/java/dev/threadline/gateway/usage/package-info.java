/** What a user's runs cost (PROTOCOL.md §12): {@code GET /api/usage}, optional prices, and the daily token budget checked before a send. */
@NullMarked
package dev.threadline.gateway.usage;

import org.jspecify.annotations.NullMarked;
