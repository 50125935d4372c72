@NullMarked
package dev.threadline.model.run;

import org.jspecify.annotations.NullMarked;
