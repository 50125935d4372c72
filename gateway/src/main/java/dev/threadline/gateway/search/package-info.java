@NullMarked
package dev.threadline.gateway.search;

import org.jspecify.annotations.NullMarked;
