package dev.threadline.worker.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import com.openai.core.http.HttpResponse;

/** Reads one provider stream the way both adapters must: cancellable, closed, with failures translated. */
final class ModelStreams {

    private ModelStreams() {
    }

    /** Opens the call with openai-java and reads its server-sent events from the raw body. */
    static void readEvents(Supplier<? extends HttpResponse> open, Cancellation cancellation,
            ServerSentEvents.Listener each) {
        Cancellation.Registration registration = null;
        try (HttpResponse response = open.get()) {
            registration = cancellation.watch(response);
            ServerSentEvents.read(response.body(), cancellation, each);
        }
        catch (IOException ex) {
            if (!cancellation.isCancelled()) {
                throw ModelErrors.translate(new UncheckedIOException(ex));
            }
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
