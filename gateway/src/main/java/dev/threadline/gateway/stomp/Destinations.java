package dev.threadline.gateway.stomp;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The STOMP destinations of PROTOCOL.md §3; anything that does not match exactly is refused. */
public final class Destinations {

    public static final String ERRORS = "/user/queue/errors";
    public static final String THREAD_TOPIC_PREFIX = "/topic/threads/";

    private static final Pattern THREAD_TOPIC = Pattern.compile("/topic/threads/([0-9a-f]{24})");
    private static final Pattern THREAD_ACTION = Pattern.compile(
            "/app/threads/([0-9a-f]{24})/(messages|edit|regenerate|cancel|approvals|feedback|typing)");
    private static final Set<String> MESSAGE_ACTIONS = Set.of("messages", "edit");

    private Destinations() {
    }

    /** The thread id of {@code /topic/threads/{id}}, or null. */
    public static @Nullable String threadOfTopic(@Nullable String destination) {
        return group(THREAD_TOPIC, destination);
    }

    /** The thread id of {@code /app/threads/{id}/<action>}, or null. */
    public static @Nullable String threadOfAction(@Nullable String destination) {
        return group(THREAD_ACTION, destination);
    }

    /** Whether this is {@code /app/threads/{id}/messages} or {@code .../edit}, the SENDs whose body may carry a {@code clientMessageId}. */
    static boolean isMessageSend(@Nullable String destination) {
        Matcher matcher = destination == null ? null : THREAD_ACTION.matcher(destination);
        return matcher != null && matcher.matches() && MESSAGE_ACTIONS.contains(matcher.group(2));
    }

    public static String threadTopic(String threadId) {
        return THREAD_TOPIC_PREFIX + threadId;
    }

    private static @Nullable String group(Pattern pattern, @Nullable String destination) {
        if (destination == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(destination);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
