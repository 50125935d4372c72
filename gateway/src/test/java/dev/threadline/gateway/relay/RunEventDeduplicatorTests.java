package dev.threadline.gateway.relay;

import dev.threadline.common.broker.AmqpJson;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;

class RunEventDeduplicatorTests {

    private final RunEventDeduplicator deduplicator = new RunEventDeduplicator();

    @Test
    void aReannouncedEventOrAnOlderAttemptIsDroppedAndEverythingNewPasses() {
        assertThat(deduplicator.firstTime(event("r1", 1, 1))).isTrue();
        assertThat(deduplicator.firstTime(event("r1", 1, 2))).isTrue();
        assertThat(deduplicator.firstTime(event("r1", 1, 2))).isFalse();
        assertThat(deduplicator.firstTime(event("r1", 2, 1))).isTrue();
        assertThat(deduplicator.firstTime(event("r1", 1, 3))).isFalse();
        assertThat(deduplicator.firstTime(event("r2", 1, 1))).isTrue();
        assertThat(deduplicator.firstTime(new MessageProperties())).isTrue();
    }

    private static MessageProperties event(String run, int attempt, long seq) {
        MessageProperties properties = new MessageProperties();
        properties.setHeader(AmqpJson.RUN_HEADER, run);
        properties.setHeader(AmqpJson.ATTEMPT_HEADER, attempt);
        properties.setHeader(AmqpJson.SEQ_HEADER, seq);
        return properties;
    }
}
