package dev.threadline.worker.model;

import java.util.function.Consumer;
import java.util.function.Supplier;

import com.openai.core.http.StreamResponse;

/** Reads one provider stream the way both adapters must: cancellable, closed, with failures translated. */
final class ModelStreams {

    private ModelStreams() {
    }

    static <T> void read(Supplier<StreamResponse<T>> open, Cancellation cancellation, Consumer<T> each) {
        Cancellation.Registration registration = null;
        try (StreamResponse<T> stream = open.get()) {
            registration = cancellation.watch(stream);
            stream.stream().takeWhile(item -> !cancellation.isCancelled()).forEach(each);
        }
        catch (RuntimeException ex) {
            if (!cancellation.isCancelled()) {
                throw ModelErrors.translate(ex);
            }
        }
        finally {
            if (registration != null) {
                cancellation.release(registration);
            }
        }
    }
}
