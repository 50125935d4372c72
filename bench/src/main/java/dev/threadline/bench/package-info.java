/**
 * The benchmark: runs the gateway and worker jars as their own processes against RabbitMQ, a store
 * process and a fake model, drives STOMP load, and measures latency, throughput and memory.
 */
@NullMarked
package dev.threadline.bench;

import org.jspecify.annotations.NullMarked;
