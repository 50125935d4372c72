package dev.threadline.gateway.thread;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/threads/{id}/members} and {@code DELETE /api/threads/{id}/members/{userId}} (PROTOCOL.md §14). */
@RestController
@RequestMapping("/api/threads/{threadId}/members")
class ThreadMembersController {

    private final ThreadMembers members;

    ThreadMembersController(ThreadMembers members) {
        this.members = members;
    }

    @PostMapping
    ResponseEntity<Void> add(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @RequestBody MemberRequest body) {
        members.add(user.getSubject(), threadId, body.userId());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{userId}")
    ResponseEntity<Void> remove(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String userId) {
        members.remove(user.getSubject(), threadId, userId);
        return ResponseEntity.noContent().build();
    }
}
