/**
 * The worker: consumes run requests, drives the assistants through the model provider, streams
 * events back through the topic exchange and keeps the conversation in MongoDB.
 */
@NullMarked
package dev.threadline.worker;

import org.jspecify.annotations.NullMarked;
