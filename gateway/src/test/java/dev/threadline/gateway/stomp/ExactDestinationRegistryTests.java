package dev.threadline.gateway.stomp;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class ExactDestinationRegistryTests {

    private final ExactDestinationRegistry registry = new ExactDestinationRegistry();

    @Test
    void findsTheSubscribersOfExactlyThatDestination() {
        registry.registerSubscription(subscribe("s1", "a", "/topic/threads/1"));
        registry.registerSubscription(subscribe("s1", "b", "/topic/threads/2"));
        registry.registerSubscription(subscribe("s2", "a", "/topic/threads/1"));

        assertThat(registry.findSubscriptions(message("/topic/threads/1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("s1", List.of("a"), "s2", List.of("a")));
        assertThat(registry.findSubscriptions(message("/topic/threads/2"))).containsOnlyKeys("s1");
        assertThat(registry.findSubscriptions(message("/topic/threads/3"))).isEmpty();
        assertThat(registry.findSubscriptions(message("/topic/threads/*"))).isEmpty();
    }

    @Test
    void unsubscribingAndLeavingRemoveOnlyThatSessionsEntries() {
        registry.registerSubscription(subscribe("s1", "a", "/topic/threads/1"));
        registry.registerSubscription(subscribe("s1", "b", "/topic/threads/2"));
        registry.registerSubscription(subscribe("s2", "a", "/topic/threads/1"));

        registry.unregisterSubscription(unsubscribe("s1", "a"));
        assertThat(registry.findSubscriptions(message("/topic/threads/1"))).containsOnlyKeys("s2");

        registry.unregisterAllSubscriptions("s1");
        assertThat(registry.findSubscriptions(message("/topic/threads/2"))).isEmpty();
        assertThat(registry.findSubscriptions(message("/topic/threads/1"))).containsOnlyKeys("s2");
    }

    @Test
    void manySessionsOnManyDestinationsEachFindTheirOwn() {
        IntStream.range(0, 5_000).parallel().forEach(i ->
                registry.registerSubscription(subscribe("s" + i, "sub", "/topic/threads/" + i)));
        IntStream.range(0, 5_000).parallel().filter(i -> i % 2 == 0).forEach(i -> registry.unregisterAllSubscriptions("s" + i));

        assertThat(IntStream.range(0, 5_000).filter(i -> !registry.findSubscriptions(message("/topic/threads/" + i))
                .isEmpty())).allMatch(i -> i % 2 == 1).hasSize(2_500);
    }

    private static Message<byte[]> subscribe(String session, String subscription, String destination) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
        headers.setSessionId(session);
        headers.setSubscriptionId(subscription);
        headers.setDestination(destination);
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }

    private static Message<byte[]> unsubscribe(String session, String subscription) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.UNSUBSCRIBE);
        headers.setSessionId(session);
        headers.setSubscriptionId(subscription);
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }

    private static Message<byte[]> message(String destination) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setDestination(destination);
        return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    }
}
