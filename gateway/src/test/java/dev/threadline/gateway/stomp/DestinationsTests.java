package dev.threadline.gateway.stomp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationsTests {

    private static final String ID = "6b0390f8c2dc818aa191f37d";

    @Test
    void exactThreadDestinationsNameTheirThread() {
        assertThat(Destinations.threadOfTopic("/topic/threads/" + ID)).isEqualTo(ID);
        assertThat(Destinations.threadOfAction("/app/threads/" + ID + "/messages")).isEqualTo(ID);
        assertThat(Destinations.threadOfAction("/app/threads/" + ID + "/typing")).isEqualTo(ID);
        assertThat(Destinations.threadOfAction("/app/threads/" + ID + "/edit")).isEqualTo(ID);
        assertThat(Destinations.threadOfAction("/app/threads/" + ID + "/regenerate")).isEqualTo(ID);
        assertThat(Destinations.isMessageSend("/app/threads/" + ID + "/edit")).as("an edit carries a clientMessageId").isTrue();
        assertThat(Destinations.isMessageSend("/app/threads/" + ID + "/regenerate")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/topic/threads/*", "/topic/threads/**", "/topic/threads/" + ID + "/x", "/topic/threads/",
            "/topic/threads/../" + ID, "/topic/threads/{\"$gt\":\"\"}", "/topic/threads/6B0390F8C2DC818AA191F37D",
            "/queue/errors-user123", "/topic/threads/" + ID + "*" })
    void anythingElseIsNotAThreadTopic(String destination) {
        assertThat(Destinations.threadOfTopic(destination)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/topic/threads/" + ID, "/app/threads/" + ID + "/delete", "/app/threads/*/messages",
            "/app/threads/" + ID + "/messages/x" })
    void onlyTheFourActionsAreSendDestinations(String destination) {
        assertThat(Destinations.threadOfAction(destination)).isNull();
    }
}
