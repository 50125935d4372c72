/** A thread's conversation tree (PROTOCOL.md §10): branches, siblings, and the path a run answers. */
@NullMarked
package dev.threadline.common.tree;

import org.jspecify.annotations.NullMarked;
