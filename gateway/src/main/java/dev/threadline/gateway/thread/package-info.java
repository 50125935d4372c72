@NullMarked
package dev.threadline.gateway.thread;

import org.jspecify.annotations.NullMarked;
