package dev.threadline.worker.model;

import java.util.Map;

/** Headers added to each model call, such as the W3C {@code traceparent} of the run that makes it. */
@FunctionalInterface
public interface RequestHeaders {

    RequestHeaders NONE = Map::of;

    Map<String, String> current();
}
