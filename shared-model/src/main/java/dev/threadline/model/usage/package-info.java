/** What runs cost: tokens per run and assistant, and how full a thread's context is (PROTOCOL.md §12). */
@NullMarked
package dev.threadline.model.usage;

import org.jspecify.annotations.NullMarked;
