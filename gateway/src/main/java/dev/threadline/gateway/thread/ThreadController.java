package dev.threadline.gateway.thread;

import java.util.Map;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Threads and messages of PROTOCOL.md §2, §10 and §11; the user is always the token's subject, never a body field. */
@RestController
@RequestMapping("/api/threads")
class ThreadController {

    private static final int MAX_PAGE = 100;
    private static final java.time.Duration RESUME_WAIT = java.time.Duration.ofSeconds(3);

    private final ThreadAccess access;
    private final ThreadStore threads;
    private final MessageStore messages;
    private final MessageSender sender;
    private final RunCanceller canceller;
    private final MessageLimits limits;
    private final AssistantCatalog assistants;
    private final FeedbackRecorder feedback;
    private final ThreadOrganizer organizer;
    private final RunApprovals approvals;

    ThreadController(ThreadAccess access, ThreadStore threads, MessageStore messages, MessageSender sender,
            RunCanceller canceller, MessageLimits limits, AssistantCatalog assistants, FeedbackRecorder feedback,
            ThreadOrganizer organizer, RunApprovals approvals) {
        this.access = access;
        this.threads = threads;
        this.messages = messages;
        this.sender = sender;
        this.canceller = canceller;
        this.limits = limits;
        this.assistants = assistants;
        this.feedback = feedback;
        this.organizer = organizer;
        this.approvals = approvals;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ChatThread create(@AuthenticationPrincipal Jwt user, @RequestBody(required = false) @Nullable CreateThreadRequest body) {
        boolean untitled = body == null || !StringUtils.hasText(body.title());
        String title = untitled ? "New conversation" : ThreadOrganizer.title(body.title());
        String assistant = body == null || !StringUtils.hasText(body.assistant()) ? limits.defaultAssistant()
                : body.assistant();
        if (assistants.findByName(assistant).isEmpty()) {
            throw ThreadlineException.notFound("Assistant '" + assistant + "'");
        }
        return threads.create(user.getSubject(), title, untitled, assistant);
    }

    @GetMapping
    Page<ChatThread> list(@AuthenticationPrincipal Jwt user, @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(defaultValue = "false") boolean archived, @RequestParam(required = false) @Nullable Boolean pinned,
            @RequestParam(required = false) @Nullable String tag) {
        return threads.list(user.getSubject(), new ThreadFilter(archived, pinned, tag), pageSize(limit), before);
    }

    @PatchMapping("/{threadId}")
    ChatThread patch(@AuthenticationPrincipal Jwt user, @PathVariable String threadId, @RequestBody ThreadPatch body) {
        return organizer.patch(user.getSubject(), threadId, body);
    }

    @PutMapping("/{threadId}/branch")
    ChatThread switchBranch(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @RequestBody BranchRequest body) {
        return organizer.switchBranch(user.getSubject(), threadId, body);
    }

    @GetMapping("/{threadId}")
    ChatThread get(@AuthenticationPrincipal Jwt user, @PathVariable String threadId) {
        return access.requireParticipant(threadId, user.getSubject());
    }

    @DeleteMapping("/{threadId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt user, @PathVariable String threadId) {
        ChatThread thread = access.requireOwner(threadId, user.getSubject());
        if (thread.activeRunId() != null) {
            try {
                canceller.cancel(user.getSubject(), threadId, thread.activeRunId());
            }
            catch (ThreadlineException alreadyEnded) {
                // nothing left to stop
            }
        }
        threads.delete(thread);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{threadId}/messages")
    Page<Message> messages(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) @Nullable String before,
            @RequestParam(required = false) @Nullable String leafId) {
        ChatThread thread = access.requireParticipant(threadId, user.getSubject());
        return messages.listResumable(thread, leafId, pageSize(limit), before, RESUME_WAIT);
    }

    @PostMapping("/{threadId}/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> send(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @RequestBody SendMessageRequest body) {
        SendResult result = sender.send(user.getSubject(), threadId, body);
        return Map.of("messageId", result.messageId(), "runId", result.runId());
    }

    @PostMapping("/{threadId}/messages/{messageId}/edit")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> edit(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String messageId, @RequestBody SendMessageRequest body) {
        SendResult result = sender.edit(user.getSubject(), threadId, messageId, body);
        return Map.of("messageId", result.messageId(), "runId", result.runId());
    }

    @PostMapping("/{threadId}/messages/{messageId}/regenerate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> regenerate(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String messageId, @RequestBody(required = false) @Nullable RegenerateRequest body) {
        if (body != null && body.messageId() != null) {
            throw ThreadlineException.validation("the answer to regenerate is in the path: leave messageId out");
        }
        return Map.of("runId", sender.regenerate(user.getSubject(), threadId, messageId,
                body == null ? RegenerateRequest.SAME : body));
    }

    @PostMapping("/{threadId}/messages/{messageId}/feedback")
    ResponseEntity<Void> feedback(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String messageId, @RequestBody FeedbackRequest body) {
        feedback.record(user.getSubject(), threadId, messageId, body);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{threadId}/runs/{runId}/cancel")
    ResponseEntity<Void> cancel(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String runId) {
        canceller.cancel(user.getSubject(), threadId, runId);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{threadId}/runs/{runId}")
    RunView run(@AuthenticationPrincipal Jwt user, @PathVariable String threadId, @PathVariable String runId) {
        return approvals.find(user.getSubject(), threadId, runId);
    }

    @PostMapping("/{threadId}/runs/{runId}/approvals")
    ResponseEntity<Map<String, Object>> approve(@AuthenticationPrincipal Jwt user, @PathVariable String threadId,
            @PathVariable String runId, @RequestBody ApprovalAnswer body) {
        approvals.answer(user.getSubject(), threadId, runId, body);
        return ResponseEntity.accepted().body(Map.of("runId", runId, "callId", body.callId(), "approved",
                body.approved()));
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ThreadlineException.validation("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }
}
