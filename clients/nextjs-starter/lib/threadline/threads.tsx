'use client';

import type { Thread } from '@threadline/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { titleFrom } from './api';
import { useThreadline } from './connection';

export interface FirstMessage {
  content: string;
  clientMessageId: string;
}

interface Threads {
  /** Newest first; null until the first page has loaded. */
  threads: Thread[] | null;
  problem: unknown;
  refresh(): Promise<void>;
  /**
   * Creates a thread named after its first message and keeps that message for the thread's conversation view,
   * which sends it once it has subscribed: so it shows every event of the first answer, tool calls included.
   */
  start(first: FirstMessage): Promise<Thread>;
  firstMessage(threadId: string): FirstMessage | undefined;
  firstMessageSent(threadId: string): void;
}

const ThreadsContext = createContext<Threads | null>(null);

export function ThreadsProvider({ children }: { children: ReactNode }) {
  const { api } = useThreadline();
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [firstMessages, setFirstMessages] = useState<Record<string, FirstMessage>>({});

  const refresh = useCallback(async () => {
    try {
      const page = await api.threads(50);
      setThreads(page.items);
      setProblem(null);
    } catch (error) {
      setProblem(error);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const start = useCallback(async (first: FirstMessage) => {
    const thread = await api.createThread(titleFrom(first.content));
    setFirstMessages((known) => ({ ...known, [thread.id]: first }));
    setThreads((known) => [thread, ...(known ?? []).filter((other) => other.id !== thread.id)]);
    return thread;
  }, [api]);

  const firstMessage = useCallback((threadId: string) => firstMessages[threadId], [firstMessages]);

  const firstMessageSent = useCallback((threadId: string) => {
    setFirstMessages((known) => {
      if (!(threadId in known)) return known;
      const { [threadId]: _sent, ...others } = known;
      return others;
    });
  }, []);

  const value = useMemo(() => ({ threads, problem, refresh, start, firstMessage, firstMessageSent }),
    [threads, problem, refresh, start, firstMessage, firstMessageSent]);
  return <ThreadsContext.Provider value={value}>{children}</ThreadsContext.Provider>;
}

export function useThreads(): Threads {
  const threads = useContext(ThreadsContext);
  if (!threads) throw new Error('useThreads needs a <ThreadsProvider> above it');
  return threads;
}
