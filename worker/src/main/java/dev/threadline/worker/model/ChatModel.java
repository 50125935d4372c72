package dev.threadline.worker.model;

import java.util.function.Consumer;

/**
 * A streaming model. {@code onText} receives each text delta as the provider sends it, on the calling
 * thread; the call returns when the answer is complete, or throws {@link ModelException}. A cancelled
 * call returns early with the text so far.
 */
public interface ChatModel {

    ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation);
}
