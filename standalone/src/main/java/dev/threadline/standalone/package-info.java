/**
 * Local mode: the gateway and the worker in one JVM, with an embedded AMQP broker and MongoDB-wire
 * store standing in for RabbitMQ and MongoDB when none is configured.
 */
@NullMarked
package dev.threadline.standalone;

import org.jspecify.annotations.NullMarked;
