@NullMarked
package dev.threadline.common.broker;

import org.jspecify.annotations.NullMarked;
