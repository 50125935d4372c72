/** Sentiment of answers, recorded in their metrics. */
@NullMarked
package dev.threadline.worker.sentiment;

import org.jspecify.annotations.NullMarked;
