import type { ThreadEvent, ThreadlineClient } from '@threadline/client';

export interface ThreadWatch {
  /** True once the gateway has confirmed the subscription; false if it was stopped before. */
  ready: Promise<boolean>;
  stop(): void;
}

const lastWatch = new WeakMap<ThreadlineClient, Map<string, Promise<void>>>();

/**
 * `client.watch` for a React effect. The client keeps one subscription per thread, so a second watch of a thread
 * replaces the first, and stopping the first would then end the second. React runs an effect, its cleanup and
 * the effect again in quick succession (Strict Mode, a fast back-and-forth between threads): each watch of a
 * thread therefore starts only after the previous one has stopped.
 */
export function watchThread(client: ThreadlineClient, threadId: string, handler: (event: ThreadEvent) => void): ThreadWatch {
  const watches = lastWatch.get(client) ?? new Map<string, Promise<void>>();
  lastWatch.set(client, watches);
  const previous = watches.get(threadId) ?? Promise.resolve();
  let stopped = false;
  let unwatch: (() => void) | undefined;
  let finished!: () => void;
  watches.set(threadId, new Promise<void>((resolve) => { finished = resolve; }));

  const ready = previous.then(async () => {
    if (stopped) return false;
    unwatch = await client.watch(threadId, handler);
    return !stopped;
  });
  return {
    ready,
    stop() {
      stopped = true;
      void ready.finally(() => {
        unwatch?.();
        finished();
      });
    },
  };
}
