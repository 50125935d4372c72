package dev.threadline.bench;

import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * Timestamps the fake model writes into its tokens, so a client can tell how long each token took to
 * reach it. All processes run on one machine and read the same wall clock, in microseconds. The first
 * token carries when the model received the request ({@code a}) and when it emitted the token ({@code e});
 * every {@code stampEvery}-th token carries its emission time; the last token marks the end.
 */
final class Markers {

    static final String END = "[[end]]";

    private Markers() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** The token at {@code index} of an answer of {@code count} tokens to a request that arrived at {@code arrivalMicros}. */
    static String token(int index, int count, int stampEvery, long arrivalMicros) {
        if (index == count - 1) {
            return END;
        }
        if (index == 0) {
            return "[[a" + arrivalMicros + "e" + nowMicros() + "]] ";
        }
        return index % stampEvery == 0 ? "[[e" + nowMicros() + "]] " : "word ";
    }

    /** Tokens in a piece of answer text: every token but the last ends with a space. */
    static int tokens(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                count++;
            }
        }
        return text.endsWith(END) ? count + 1 : count;
    }

    /** Calls {@code emitted} with the emission time of every stamped token in the text (tokens are never split). */
    static void emissions(String text, LongConsumer emitted) {
        for (int at = text.indexOf("[["); at >= 0; at = text.indexOf("[[", at + 2)) {
            int close = text.indexOf("]]", at);
            int e = text.indexOf('e', at + 2);
            if (close > 0 && !text.startsWith(END, at) && e > 0 && e < close) {
                emitted.accept(Long.parseLong(text, e + 1, close, 10));
            }
        }
    }

    /** The arrival time the first token carries, or -1. */
    static long arrival(String text) {
        int at = text.indexOf("[[a");
        return at < 0 ? -1 : Long.parseLong(text, at + 3, text.indexOf('e', at), 10);
    }
}
