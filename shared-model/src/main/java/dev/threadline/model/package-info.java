/**
 * Records that cross process boundaries: the broker topology, run requests and control messages,
 * thread events (PROTOCOL.md §5) and the stored thread and message shapes both services read and write.
 */
@NullMarked
package dev.threadline.model;

import org.jspecify.annotations.NullMarked;
