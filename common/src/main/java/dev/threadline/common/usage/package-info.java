/** The per-user, per-day, per-model token ledger kept as runs end (PROTOCOL.md §12). */
@NullMarked
package dev.threadline.common.usage;

import org.jspecify.annotations.NullMarked;
