@NullMarked
package dev.threadline.model.wardrobe;

import org.jspecify.annotations.NullMarked;
