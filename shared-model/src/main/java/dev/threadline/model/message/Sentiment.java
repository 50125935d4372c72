package dev.threadline.model.message;

public record Sentiment(double score, String label) {
}
