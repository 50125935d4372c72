package dev.threadline.gateway.export;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.cursor.TimeoutMode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
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
 * The threads' cursor is opened before the response starts, so a store that does not answer is a 503
 * like on every other call. With the store's operation timeout set, it bounds each batch the cursors
 * fetch, not the whole export, which may take as long as the client takes to read it.
 */
@RestController
class ExportController {

    private static final Bson OLDEST_FIRST = Sorts.ascending("createdAt", "_id");

    private final MongoTemplate mongo;
    private final JsonMapper json;

    ExportController(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    @GetMapping("/api/export")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal Jwt user) {
        MongoCursor<Document> threads = open(ChatThread.COLLECTION, "ownerId", user.getSubject());
        StreamingResponseBody body = out -> {
            try (threads; JsonGenerator generator = json.createGenerator(out)) {
                generator.writeStartObject();
                generator.writeName("threads");
                generator.writeStartArray();
                threads.forEachRemaining(thread -> writeThread(generator,
                        mongo.getConverter().read(ChatThread.class, thread)));
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
        try (MongoCursor<Document> messages = open(Message.COLLECTION, "threadId", thread.id())) {
            messages.forEachRemaining(message -> generator.writePOJO(mongo.getConverter().read(Message.class, message)));
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** The documents whose {@code field} is {@code value}, oldest first; store failures translated as the template's are. */
    private MongoCursor<Document> open(String collectionName, String field, String value) {
        return mongo.execute(collectionName, collection -> {
            FindIterable<Document> found = collection.find(Filters.eq(field, value)).sort(OLDEST_FIRST);
            return (collection.getTimeout(TimeUnit.MILLISECONDS) == null ? found
                    : found.timeoutMode(TimeoutMode.ITERATION)).cursor();
        });
    }
}
