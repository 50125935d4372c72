@NullMarked
package dev.threadline.gateway.wardrobe;

import org.jspecify.annotations.NullMarked;
