@NullMarked
package dev.threadline.common.run;

import org.jspecify.annotations.NullMarked;
