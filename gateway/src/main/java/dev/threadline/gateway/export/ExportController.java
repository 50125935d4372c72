package dev.threadline.gateway.export;

import java.util.stream.Stream;

import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/export}: all of the caller's threads with their messages, oldest first, as one JSON
 * document {@code {"threads":[{...thread, "messages":[...]}]}} written as it is read from the store.
 */
@RestController
class ExportController {

    private final MongoTemplate mongo;
    private final JsonMapper json;

    ExportController(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    @GetMapping("/api/export")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal Jwt user) {
        String owner = user.getSubject();
        StreamingResponseBody body = out -> {
            try (JsonGenerator generator = json.createGenerator(out);
                    Stream<ChatThread> threads = mongo.stream(Query.query(Criteria.where("ownerId").is(owner))
                            .with(Sort.by("createdAt", "_id")), ChatThread.class, ChatThread.COLLECTION)) {
                generator.writeStartObject();
                generator.writeName("threads");
                generator.writeStartArray();
                threads.forEach(thread -> writeThread(generator, thread));
                generator.writeEndArray();
                generator.writeEndObject();
            }
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"threadline-export.json\"").body(body);
    }

    private void writeThread(JsonGenerator generator, ChatThread thread) {
        generator.writeStartObject();
        json.valueToTree(thread).properties().forEach(member -> generator.writePOJOProperty(member.getKey(),
                member.getValue()));
        generator.writeName("messages");
        generator.writeStartArray();
        try (Stream<Message> messages = mongo.stream(Query.query(Criteria.where("threadId").is(thread.id()))
                .with(Sort.by("createdAt", "_id")), Message.class, Message.COLLECTION)) {
            messages.forEach(generator::writePOJO);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }
}
