package dev.threadline.worker.model;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.openai.core.http.HttpResponse;

/** Reads one provider stream the way both adapters must: cancellable, closed, with failures translated. */
final class ModelStreams {

    private ModelStreams() {
    }

    /**
     * Opens the call with openai-java and reads its server-sent events from the raw body. Nothing is sent
     * once the run is cancelled; a cancel while the provider has not answered yet cancels the call (and
     * interrupts openai-java's wait before a retry), a cancel while it streams closes the stream.
     */
    static void readEvents(Supplier<? extends HttpResponse> open, Cancellation cancellation,
            ServerSentEvents.Listener each) {
        if (cancellation.isCancelled()) {
            return;
        }
        AtomicReference<HttpResponse> opened = new AtomicReference<>();
        Cancellation.Registration reading = cancellation.watch(() -> {
            HttpResponse response = opened.get();
            if (response != null) {
                response.close();
            }
        });
        try (HttpResponse response = CancellableCalls.open(cancellation, open)) {
            opened.set(response);
            if (!cancellation.isCancelled()) {
                ServerSentEvents.read(response.body(), cancellation, each);
            }
        }
        catch (Exception ex) {
            // openai-java also throws InterruptedException (undeclared) when a cancel interrupts its backoff
            if (!cancellation.isCancelled()) {
                throw ModelErrors.translate(ex);
            }
        }
        finally {
            cancellation.release(reading);
        }
    }
}
