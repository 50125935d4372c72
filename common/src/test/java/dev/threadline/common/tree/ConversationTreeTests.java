package dev.threadline.common.tree;

import java.time.Instant;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.threadline.common.Ids;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation tree through the real MongoDB driver, against a MongoDB-wire server. */
class ConversationTreeTests {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private ConversationTree tree;
    private ChatThread thread;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        mongo = new MongoTemplate(client, "tree");
        tree = new ConversationTree(mongo);
        thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", T0), ChatThread.COLLECTION);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBranchIsThePathFromTheRootAndSiblingsShareAParent() {
        String q1 = message(null, Role.USER, 1);
        String a1 = message(q1, Role.ASSISTANT, 2);
        String q2 = message(a1, Role.USER, 3);
        String a2 = message(q2, Role.ASSISTANT, 4);
        String q2edited = message(a1, Role.USER, 5);
        String a2edited = message(q2edited, Role.ASSISTANT, 6);
        String a2again = message(q2edited, Role.ASSISTANT, 7);

        MessageTree branches = tree.load(leaf(a2));

        assertThat(branches.path(a2)).containsExactly(q1, a1, q2, a2);
        assertThat(branches.path(a2edited)).containsExactly(q1, a1, q2edited, a2edited);
        assertThat(branches.siblingIds(q2)).containsExactly(q2, q2edited);
        assertThat(branches.siblingIds(a2edited)).containsExactly(a2edited, a2again);
        assertThat(branches.siblingIds(q1)).containsExactly(q1);
        assertThat(branches.latestBelow(q2edited)).isEqualTo(a2again);
        assertThat(branches.latestBelow(q2)).isEqualTo(a2);
    }

    @Test
    void aMessageSentAfterAnAnswerNotWrittenYetStillReachesTheRoot() {
        String q1 = message(null, Role.USER, 1);
        Run queued = mongo.insert(Run.queued(Ids.newId(), thread.id(), "alice", 1, q1, Ids.newId(), "orchestrator", null,
                null, T0.plusSeconds(1)), Run.COLLECTION);
        String q2 = message(queued.assistantMessageId(), Role.USER, 2);

        MessageTree branches = tree.load(leaf(q2));

        assertThat(branches.path(q2)).as("the planned answer is not a stored message").containsExactly(q1, q2);
        assertThat(branches.isStored(queued.assistantMessageId())).isFalse();
    }

    @Test
    void aThreadStoredBeforeTheTreeReadsAsOneBranchUntilItsMessagesAreGivenParents() {
        String q1 = message(null, Role.USER, 1);
        String a1 = message(null, Role.ASSISTANT, 2);
        String q2 = message(null, Role.USER, 3);

        assertThat(tree.load(thread).path(q2)).containsExactly(q1, a1, q2);
        assertThat(tree.load(thread).newest()).contains(q2);

        assertThat(tree.adoptLegacy(thread.id())).isEqualTo(q2);
        assertThat(tree.adoptLegacy(thread.id())).as("adopting again changes nothing").isEqualTo(q2);

        ChatThread adopted = leaf(q2);
        assertThat(tree.load(adopted).path(q2)).containsExactly(q1, a1, q2);
        assertThat(mongo.findById(a1, Message.class, Message.COLLECTION).parentId()).isEqualTo(q1);
    }

    private ChatThread leaf(String leafId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(thread.id())), new Update().set("currentLeafId", leafId),
                ChatThread.class, ChatThread.COLLECTION);
        return mongo.findById(thread.id(), ChatThread.class, ChatThread.COLLECTION);
    }

    private String message(@Nullable String parentId, Role role, int second) {
        String id = Ids.newId();
        mongo.insert(new Message(id, thread.id(), parentId, role, "text " + second, "alice", T0.plusSeconds(second),
                MessageStatus.COMPLETE, null, 0, 0, null, null, null, null, null, null, 0), Message.COLLECTION);
        return id;
    }
}
