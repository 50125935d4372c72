package dev.threadline.worker.title;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadUpdated;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ChatModel;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.ModelProperties;
import dev.threadline.worker.model.ModelRequest;
import dev.threadline.worker.model.ModelResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Gives a thread created without a title one after its first answer: a short call to the model (the
 * offline model, a busy worker or a failed call take the first words of the question instead), stored
 * only if nobody named the thread meanwhile, and announced as {@code thread.updated}; the call's tokens count
 * in the sender's usage. Runs beside the
 * run, never delaying its end or the thread's next run.
 */
@Component
public class ThreadTitler {

    private static final Logger log = LoggerFactory.getLogger(ThreadTitler.class);

    /** Only the first runs of a thread can be its first answer worth a title; later ones skip the store read. */
    private static final long TITLED_WITHIN_RUNS = 3;
    private static final int MAX_QUESTION_CHARS = 2_000;
    private static final String INSTRUCTIONS = "Write a title of at most six words for a conversation that begins "
            + "with the user's message below. Answer with the title only: no quotes, no full stop.";

    private final MongoTemplate mongo;
    private final ChatModel model;
    private final RabbitTemplate rabbit;
    private final AmqpJson json;
    private final TitleProperties properties;
    private final String titleModel;
    private final boolean offline;
    private final Semaphore calls;
    private final SearchIndex search;
    private final UsageLedger ledger;

    ThreadTitler(MongoTemplate mongo, ChatModel model, RabbitTemplate rabbit, AmqpJson json, TitleProperties properties,
            ModelProperties models, SearchIndex search, UsageLedger ledger) {
        this.ledger = ledger;
        this.search = search;
        this.mongo = mongo;
        this.model = model;
        this.rabbit = rabbit;
        this.json = json;
        this.properties = properties;
        this.titleModel = StringUtils.hasText(properties.model()) ? properties.model() : models.defaultModel();
        this.offline = !StringUtils.hasText(models.apiKey());
        this.calls = new Semaphore(properties.maxConcurrent());
    }

    /** Called once a run completed; titles its thread in the background if the thread still waits for a title. */
    public void completed(Run run) {
        if (!properties.enabled() || run.order() > TITLED_WITHIN_RUNS) {
            return;
        }
        CompletableFuture.runAsync(() -> title(run), Thread::startVirtualThread).exceptionally(failure -> {
            log.warn("No title for thread {}: {}", run.threadId(), failure.toString());
            return null;
        });
    }

    private void title(Run run) {
        if (!mongo.exists(Query.query(Criteria.where("_id").is(run.threadId()).and("autoTitle").is(true)), ChatThread.class,
                ChatThread.COLLECTION)) {
            return;
        }
        Message question = mongo.findById(run.userMessageId(), Message.class, Message.COLLECTION);
        if (question == null || !StringUtils.hasText(question.content())) {
            return;
        }
        String title = generate(question.content(), run.userId());
        ChatThread titled = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(run.threadId()).and("autoTitle").is(true)),
                new Update().set("title", title).set("autoTitle", false),
                FindAndModifyOptions.options().returnNew(true), ChatThread.class, ChatThread.COLLECTION);
        if (titled != null) {
            search.indexTitle(titled.ownerId(), titled);
            rabbit.send(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(titled.id()),
                    json.event(new ThreadUpdated(titled.id(), Instant.now(), titled)));
        }
    }

    private String generate(String question, String userId) {
        String fallback = FirstWords.of(question);
        if (offline || !calls.tryAcquire()) {
            return fallback;
        }
        Cancellation cancellation = new Cancellation();
        try {
            String text = question.length() > MAX_QUESTION_CHARS ? question.substring(0, MAX_QUESTION_CHARS) : question;
            ModelRequest request = new ModelRequest(titleModel, INSTRUCTIONS,
                    List.of(new ConversationItem.UserText(text, List.of())), 0.2, List.of());
            ModelResult answer = CompletableFuture.supplyAsync(
                    () -> model.stream(request, delta -> { }, cancellation), Thread::startVirtualThread)
                    .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
            countTokens(userId, answer);
            String title = FirstWords.clean(answer.text());
            return title.isEmpty() ? fallback : title;
        }
        catch (Exception failed) {
            if (failed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("The title call failed; the thread takes the first words of its question", failed);
            return fallback;
        }
        finally {
            cancellation.cancel();
            calls.release();
        }
    }

    /** The title call is the user's spending too (PROTOCOL.md §12): its tokens go to their day in the usage ledger. */
    private void countTokens(String userId, ModelResult answer) {
        try {
            ledger.recordCall(userId, ledger.today(), titleModel, new ModelTokens(answer.inputTokens(),
                    answer.outputTokens(), answer.cachedTokens()));
        }
        catch (RuntimeException ex) {
            log.warn("The title call's tokens were not added to the usage ledger: {}", ex.toString());
        }
    }
}
