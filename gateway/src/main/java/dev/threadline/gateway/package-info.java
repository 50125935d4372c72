/**
 * The gateway: authenticates clients (REST and STOMP), stores user messages, dispatches runs to
 * RabbitMQ and relays thread events from the topic exchange to subscribed STOMP sessions.
 */
@NullMarked
package dev.threadline.gateway;

import org.jspecify.annotations.NullMarked;
