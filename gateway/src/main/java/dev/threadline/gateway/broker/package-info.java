@NullMarked
package dev.threadline.gateway.broker;

import org.jspecify.annotations.NullMarked;
