package dev.threadline.worker.title;

/** A title cut from the start of a text: what the offline model, and any failed title call, gives a thread. */
final class FirstWords {

    static final int MAX_WORDS = 6;
    static final int MAX_CHARS = 60;

    private FirstWords() {
    }

    static String of(String text) {
        String[] words = text.strip().split("\\s+", MAX_WORDS + 1);
        String title = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, MAX_WORDS)));
        boolean cut = words.length > MAX_WORDS || title.length() > MAX_CHARS;
        if (title.length() > MAX_CHARS) {
            title = title.substring(0, MAX_CHARS).strip();
        }
        return cut ? title + "…" : title;
    }

    /** A model's answer made a title: its first line, without quotes or a closing full stop, at most {@link #MAX_CHARS}. */
    static String clean(String answer) {
        String line = answer.strip().lines().findFirst().orElse("").strip();
        line = line.replaceAll("^[\"'“”«»*#\\s]+|[\"'“”«»*\\s]+$", "").replaceAll("\\.$", "").strip();
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS).strip() + "…" : line;
    }
}
