@NullMarked
package dev.threadline.worker.run;

import org.jspecify.annotations.NullMarked;
