package dev.threadline.model.event;

import java.time.Instant;
import java.util.List;

/** Who is subscribed to the thread now, on every gateway (PROTOCOL.md §14): published whenever that set changes. */
public record Presence(String threadId, Instant ts, List<String> users, int sessions) implements ThreadEvent {

    public Presence {
        users = List.copyOf(users);
    }
}
