package dev.threadline.worker.sentiment;

import dev.threadline.model.message.Sentiment;

/** Scores the sentiment of an answer from -1 (negative) to 1 (positive), for the message's {@code metrics}. */
public interface SentimentScorer {

    Sentiment score(String text);
}
