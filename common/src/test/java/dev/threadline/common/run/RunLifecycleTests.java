package dev.threadline.common.run;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.threadline.common.Ids;
import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.PendingApproval;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The run lifecycle through the real MongoDB driver, against a MongoDB-wire server. */
class RunLifecycleTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final MessageMetrics METRICS = new MessageMetrics(5L, 10L, 5, 1, 2, null);

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private RunLifecycle lifecycle;
    private ChatThread thread;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        mongo = new MongoTemplate(client, "lifecycle");
        lifecycle = new RunLifecycle(mongo);
        thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", Instant.now()),
                ChatThread.COLLECTION);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aReservedRunIsTheThreadsActiveRunAndGetsTheNextOrder() {
        RunLifecycle.Reservation first = lifecycle.reserve(thread.id(), "alice", "run-1", "answer-1").orElseThrow();
        RunLifecycle.Reservation second = lifecycle.reserve(thread.id(), "alice", "run-2", "answer-2").orElseThrow();

        assertThat(first.order()).isEqualTo(1);
        assertThat(second.order()).isEqualTo(2);
        assertThat(second.before().activeRunId()).isEqualTo("run-1");
        assertThat(second.before().currentLeafId()).as("a message sent now follows the answer planned before it")
                .isEqualTo("answer-1");
        assertThat(thread().activeRunId()).isEqualTo("run-2");
        assertThat(thread().currentLeafId()).isEqualTo("answer-2");
        assertThat(lifecycle.reserve(thread.id(), "mallory", "run-3", "answer-3")).isEmpty();
    }

    @Test
    void aMemberReservesRunsOfTheSharedThreadUntilRemoved() {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(thread.id())), new Update().push("members", "bob"),
                ChatThread.class, ChatThread.COLLECTION);

        assertThat(lifecycle.reserve(thread.id(), "bob", "run-1", "answer-1")).get()
                .satisfies(reservation -> assertThat(reservation.before().ownerId()).isEqualTo("alice"));
        assertThat(lifecycle.reserve(thread.id(), "mallory", "run-2", "answer-2")).isEmpty();

        mongo.updateFirst(Query.query(Criteria.where("_id").is(thread.id())), new Update().pull("members", "bob"),
                ChatThread.class, ChatThread.COLLECTION);
        assertThat(lifecycle.reserve(thread.id(), "bob", "run-3", "answer-3")).isEmpty();
        assertThat(thread().activeRunId()).isEqualTo("run-1");
    }

    @Test
    void enqueueingTwiceKeepsTheFirstRun() {
        Run queued = queued(1);
        lifecycle.enqueue(queued);
        Run replayed = lifecycle.enqueue(new Run(queued.id(), queued.threadId(), queued.userId(), 7, RunStatus.QUEUED, 0,
                queued.userMessageId(), queued.assistantMessageId(), "other", null, null, null, null, false, false,
                Instant.now(), null, 0, null, null));

        assertThat(replayed.order()).isEqualTo(1);
        assertThat(replayed.assistant()).isEqualTo("orchestrator");
    }

    @Test
    void aRunIsClaimedOnceWhileItsLeaseLivesAndAgainAsANewAttemptWhenItExpired() {
        Run queued = lifecycle.enqueue(queued(1));

        Run first = lifecycle.claimQueued(queued.id(), thread.id(), "worker-a", LEASE).orElseThrow();
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(lifecycle.claim(queued.id(), "worker-b", LEASE)).isEmpty();

        lifecycle.renewOrStop(first, "worker-a", Duration.ofMillis(-1));
        Run second = lifecycle.claim(queued.id(), "worker-b", LEASE).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.leaseOwner()).isEqualTo("worker-b");
        assertThat(lifecycle.renewOrStop(first, "worker-a", LEASE)).as("the first attempt must stop").isTrue();
    }

    @Test
    void endingFinishesTheAnswerEndsTheRunAndFreesTheThread() {
        Run run = claimedRun();
        lifecycle.startAnswer(run, "orchestrator", Instant.EPOCH);
        lifecycle.checkpoint(run, "Hel", 3);

        boolean ended = lifecycle.end(run, "worker-a", new RunEnding(RunStatus.COMPLETED, null, 6, "Hello", 5, METRICS));

        assertThat(ended).isTrue();
        Run stored = lifecycle.find(run.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(stored.terminalSeq()).isEqualTo(6);
        assertThat(stored.endedAt()).isNotNull();
        Message answer = mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
        assertThat(answer.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(answer.content()).isEqualTo("Hello");
        assertThat(answer.lastSeq()).isEqualTo(5);
        assertThat(thread().activeRunId()).isNull();
    }

    @Test
    void theEndStoresTheAnswersUsageAndTheThreadsContextAndTheLedgerMarkIsSetOnce() {
        Run run = claimedRun();
        lifecycle.startAnswer(run, "orchestrator", Instant.EPOCH);
        Usage usage = new Usage(300, 40, 128, java.util.Map.of("orchestrator", new Usage.ByAssistant(300, 40)));

        lifecycle.end(run, "worker-a", new RunEnding(RunStatus.COMPLETED, null, 6, "Hello", 5, METRICS, usage,
                new ContextUsage(280, 24_000, 2)));

        assertThat(mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION).usage()).isEqualTo(usage);
        assertThat(thread().context()).isEqualTo(new ContextUsage(280, 24_000, 2));
        assertThat(lifecycle.markUsageRecorded(run.id())).isTrue();
        assertThat(lifecycle.markUsageRecorded(run.id())).isFalse();
        assertThat(lifecycle.find(run.id())).isPresent();
    }

    @Test
    void aWorkerThatLostItsLeaseCannotEndTheRun() {
        Run run = claimedRun();

        boolean ended = lifecycle.end(run, "worker-b",
                new RunEnding(RunStatus.FAILED, new RunError("model_error", "x", true), 2, "", 0, METRICS));

        assertThat(ended).isFalse();
        assertThat(lifecycle.find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(thread().activeRunId()).isEqualTo(run.id());
    }

    @Test
    void endingAgainWhatThisAttemptEndedIsTrueAndChangesNothing() {
        Run run = claimedRun();
        lifecycle.startAnswer(run, "orchestrator", Instant.EPOCH);
        RunEnding ending = new RunEnding(RunStatus.COMPLETED, null, 6, "Hello", 5, METRICS);
        lifecycle.end(run, "worker-a", ending);

        assertThat(lifecycle.end(run, "worker-a", ending)).as("its first answer was lost, not its write").isTrue();

        Run again = lifecycle.find(run.id()).orElseThrow();
        assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(again.terminalSeq()).isEqualTo(6);
        assertThat(lifecycle.end(run, "worker-a", new RunEnding(RunStatus.FAILED,
                new RunError("internal_error", "x", true), 7, "Hello", 5, METRICS))).as("another ending").isFalse();
        assertThat(lifecycle.find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void anEndWaitsForAStoreThatIsDownAndIsWrittenOnceTheStoreIsBack() throws Exception {
        MemoryBackend data = new MemoryBackend() {
            @Override
            public void close() {
                // the data outlives the server, as a real store's files outlive its process
            }
        };
        MongoServer first = new MongoServer(data);
        InetSocketAddress address = first.bind();
        MongoClientSettings impatient = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(200, TimeUnit.MILLISECONDS)).build();
        try (MongoClient restartingClient = MongoClients.create(impatient)) {
            MongoTemplate store = new MongoTemplate(restartingClient, "restarting");
            RunLifecycle patient = new RunLifecycle(store);
            store.insert(thread, ChatThread.COLLECTION);
            Run run = patient.claimQueued(patient.enqueue(queued(1)).id(), thread.id(), "worker-a", LEASE).orElseThrow();
            patient.startAnswer(run, "orchestrator", Instant.EPOCH);

            first.shutdownNow();
            CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> patient.end(run, "worker-a",
                    new RunEnding(RunStatus.COMPLETED, null, 6, "Hello", 5, METRICS)));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !ended.isDone());
            MongoServer second = new MongoServer(data);
            second.bind("127.0.0.1", address.getPort());
            try {
                assertThat(ended.get(30, TimeUnit.SECONDS)).isTrue();
                assertThat(patient.find(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
                assertThat(store.findById(run.assistantMessageId(), Message.class, Message.COLLECTION).content())
                        .isEqualTo("Hello");
            }
            finally {
                second.shutdownNow();
            }
        }
    }

    @Test
    void aLateCheckpointDoesNotOverwriteTheFinalAnswer() {
        Run run = claimedRun();
        lifecycle.startAnswer(run, "orchestrator", Instant.EPOCH);
        lifecycle.end(run, "worker-a", new RunEnding(RunStatus.COMPLETED, null, 4, "Done!", 3, METRICS));

        lifecycle.checkpoint(run, "Do", 9);

        assertThat(mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION).content()).isEqualTo("Done!");
    }

    @Test
    void aQueuedRunIsCancelledWithoutAWorkerAndARunningOneIsOnlyFlagged() {
        Run queued = lifecycle.enqueue(queued(1));
        lifecycle.reserve(thread.id(), "alice", queued.id(), queued.assistantMessageId());

        assertThat(lifecycle.cancelQueued(queued.id())).get().extracting(Run::status).isEqualTo(RunStatus.CANCELLED);
        assertThat(thread().activeRunId()).isNull();
        assertThat(lifecycle.requestCancel(queued.id())).as("an ended run takes no cancel").isEmpty();

        Run running = claimedRun();
        assertThat(lifecycle.cancelQueued(running.id())).isEmpty();
        assertThat(lifecycle.requestCancel(running.id())).isPresent();
        assertThat(lifecycle.renewOrStop(running, "worker-a", LEASE)).as("the worker sees the cancel").isTrue();
    }

    @Test
    void aPausedRunHoldsNoWorkerAndOnlyTheFirstAnswerDecidesIt() {
        Run running = claimedRun();
        Instant now = Instant.now();
        PendingApproval pending = PendingApproval.requested("call-1", "wardrobe", "shop__buy", Map.of("item", "coat"),
                now, now.plusSeconds(600), 7);

        assertThat(lifecycle.pause(running, "worker-a", pending)).isTrue();
        Run waiting = lifecycle.find(running.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(waiting.leaseUntil()).as("no lease: no worker holds it").isNull();
        assertThat(lifecycle.claim(running.id(), "worker-b", LEASE)).as("a waiting run is not claimable").isEmpty();
        assertThat(lifecycle.resume(running.id(), "worker-b", LEASE)).as("nobody answered yet").isEmpty();
        assertThat(lifecycle.decide(thread.id(), running.id(), "call-2", ApprovalDecision.by("alice", true, null, now)))
                .as("another call").isEmpty();

        assertThat(lifecycle.decide(thread.id(), null, "call-1", ApprovalDecision.by("alice", true, null, now)))
                .get().extracting(run -> run.approval().decision().approved()).isEqualTo(true);
        assertThat(lifecycle.decide(thread.id(), running.id(), "call-1", ApprovalDecision.by("bob", false, null, now)))
                .as("the second answer loses").isEmpty();
        assertThat(lifecycle.timeOutApprovals(now.plusSeconds(601))).as("answered, so never timed out").isEmpty();

        Run resumed = lifecycle.resume(running.id(), "worker-b", LEASE).orElseThrow();
        assertThat(resumed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(resumed.attempt()).as("the same attempt continues").isEqualTo(running.attempt());
        assertThat(resumed.leaseOwner()).isEqualTo("worker-b");
        assertThat(lifecycle.resume(running.id(), "worker-c", LEASE)).as("taken once").isEmpty();
    }

    @Test
    void anUnansweredApprovalTimesOutAsADenialAndAStalledContinuationIsFoundOnce() {
        Run running = claimedRun();
        Instant now = Instant.now();
        lifecycle.pause(running, "worker-a", PendingApproval.requested("call-1", "wardrobe", "shop__buy", Map.of(), now,
                now.plusSeconds(1), 3));

        assertThat(lifecycle.timeOutApprovals(now)).as("not expired yet").isEmpty();
        List<Run> timedOut = lifecycle.timeOutApprovals(now.plusSeconds(2));
        assertThat(timedOut).singleElement().satisfies(run -> {
            assertThat(run.approval().decision().approved()).isFalse();
            assertThat(run.approval().decision().timedOut()).isTrue();
        });
        assertThat(lifecycle.decide(thread.id(), running.id(), "call-1", ApprovalDecision.by("alice", true, null, now)))
                .as("too late").isEmpty();

        assertThat(lifecycle.stalledContinuations(now.minusSeconds(5))).as("dispatched just now").isEmpty();
        assertThat(lifecycle.stalledContinuations(now.plusSeconds(3))).as("timed out (at +2 s) and not taken up").hasSize(1);
        assertThat(lifecycle.stalledContinuations(now.minusSeconds(1))).as("marked as dispatched again").isEmpty();
    }

    @Test
    void aRunCancelledWhileWaitingIsResumedToEndItAndANewAttemptForgetsTheApproval() {
        Run running = claimedRun();
        Instant now = Instant.now();
        lifecycle.pause(running, "worker-a", PendingApproval.requested("call-1", "wardrobe", "shop__buy", Map.of(), now,
                now.plusSeconds(600), 3));

        assertThat(lifecycle.requestCancel(running.id())).get().extracting(Run::status)
                .isEqualTo(RunStatus.AWAITING_APPROVAL);
        Run resumed = lifecycle.resume(running.id(), "worker-b", LEASE).orElseThrow();
        assertThat(resumed.cancelRequested()).isTrue();
        assertThat(lifecycle.pause(resumed, "worker-b", resumed.approval())).as("a cancelled run does not wait again")
                .isFalse();

        mongo.updateFirst(Query.query(Criteria.where("_id").is(running.id())),
                new Update().set("leaseUntil", Instant.now().minusSeconds(1)), Run.class, Run.COLLECTION);
        Run retried = lifecycle.claim(running.id(), "worker-c", LEASE).orElseThrow();
        assertThat(retried.attempt()).isEqualTo(resumed.attempt() + 1);
        assertThat(retried.approval()).isNull();
    }

    @Test
    void aWithdrawnRunIsGoneAndNoLongerActive() {
        Run queued = lifecycle.enqueue(queued(1));
        lifecycle.reserve(thread.id(), "alice", queued.id(), queued.assistantMessageId());

        assertThat(thread().currentLeafId()).isEqualTo(queued.assistantMessageId());

        lifecycle.withdraw(queued, "earlier-answer");

        assertThat(lifecycle.find(queued.id())).isEmpty();
        assertThat(thread().activeRunId()).isNull();
        assertThat(thread().currentLeafId()).as("the branch tip goes back to what the message followed")
                .isEqualTo("earlier-answer");
    }

    @Test
    void aRunWaitsForEarlierRunsUntilTheirEndIsAnnounced() {
        Run first = claimedRun();
        Run second = lifecycle.enqueue(queued(2));

        assertThat(lifecycle.blockingPredecessor(thread.id(), second.order(), Duration.ofMinutes(5))).get()
                .extracting(Run::id).isEqualTo(first.id());
        lifecycle.end(first, "worker-a", new RunEnding(RunStatus.COMPLETED, null, 1, "", 0, METRICS));
        assertThat(lifecycle.blockingPredecessor(thread.id(), second.order(), Duration.ofMinutes(5)))
                .as("ended but not announced").isPresent();
        lifecycle.announced(first);
        assertThat(lifecycle.blockingPredecessor(thread.id(), second.order(), Duration.ofMinutes(5))).isEmpty();
        assertThat(lifecycle.countAhead(thread.id(), second.order())).isZero();
        assertThat(lifecycle.countActive("alice")).isEqualTo(1);
    }

    private Run claimedRun() {
        Run queued = lifecycle.enqueue(queued(1));
        lifecycle.reserve(thread.id(), "alice", queued.id(), queued.assistantMessageId());
        return lifecycle.claimQueued(queued.id(), thread.id(), "worker-a", LEASE).orElseThrow();
    }

    private Run queued(long order) {
        return Run.queued(Ids.newId(), thread.id(), "alice", order, Ids.newId(), Ids.newId(), "orchestrator", null, null,
                Instant.now());
    }

    private ChatThread thread() {
        return mongo.findById(thread.id(), ChatThread.class, ChatThread.COLLECTION);
    }
}
