package dev.threadline.gateway.presence;

import java.time.Instant;
import java.util.List;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.stomp.ThreadOwnership;
import dev.threadline.model.event.Presence;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/threads/{id}/presence} (PROTOCOL.md §14): who is subscribed to the thread now, on every gateway. */
@RestController
class PresenceController {

    private final ThreadOwnership access;
    private final PresenceStore store;

    PresenceController(ThreadOwnership access, PresenceStore store) {
        this.access = access;
        this.store = store;
    }

    @GetMapping("/api/threads/{threadId}/presence")
    Watchers presence(@AuthenticationPrincipal Jwt user, @PathVariable String threadId) {
        if (!access.isParticipant(threadId, user.getSubject())) {
            throw ThreadlineException.notFound("Thread");
        }
        Presence now = store.of(threadId, Instant.now());
        return new Watchers(now.users(), now.sessions());
    }

    /** The users watching (sorted) and how many sessions; a user with two tabs open counts once in users, twice in sessions. */
    record Watchers(List<String> users, int sessions) {
    }
}
