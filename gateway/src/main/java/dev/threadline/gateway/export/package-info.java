@NullMarked
package dev.threadline.gateway.export;

import org.jspecify.annotations.NullMarked;
