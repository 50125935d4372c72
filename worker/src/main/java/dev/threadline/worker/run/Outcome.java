package dev.threadline.worker.run;

/** How a run request's delivery is settled once the run has been handled. */
enum Outcome {
    /** The run ended (or was already ended): acknowledge. */
    ACK,
    /** The request can never run (unknown run, mismatched thread): reject to the dead-letter queue. */
    DEAD_LETTER,
    /** The worker is stopping: give the request back to the queue for another worker. */
    REQUEUE
}
