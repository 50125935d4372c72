'use client';

import { AnswerAssembler, type ThreadEvent } from '@threadline/client';
import { useEffect, useState } from 'react';
import { fetchThread, type StoredMessage, type ThreadDetails } from './api';
import { useThreadline } from './connection';
import { emptyConversation, withEvent, withHistory, withRun, type Conversation } from './conversation';
import { watchThread, type ThreadWatch } from './watch-thread';

export interface ConversationView {
  thread: ThreadDetails | null;
  conversation: Conversation;
  /** True once the history of the current connection is shown and live events apply to it. */
  live: boolean;
  problem: unknown;
}

/**
 * A thread's messages, kept live. For each connection (the first, and each after a drop) it follows
 * PROTOCOL.md §5: subscribe, then load the history, then apply the events that arrived meanwhile and all
 * later ones; the client's `AnswerAssembler` applies only deltas of the same attempt with `seq > lastSeq`,
 * so an answer being written continues where the stored text ends, with nothing lost or doubled. While the
 * thread has an active run, the run itself is read too: a tool call it waits on (§13) was announced by an event
 * this page may not have seen.
 */
export function useConversation(threadId: string): ConversationView {
  const { api, tokens, client } = useThreadline();
  const [thread, setThread] = useState<ThreadDetails | null>(null);
  const [conversation, setConversation] = useState<Conversation>(emptyConversation);
  const [live, setLive] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  useEffect(() => {
    setLive(false);
    if (!client) return;
    let current = true;
    let watch: ThreadWatch | undefined;
    const answers = new AnswerAssembler();
    const early: ThreadEvent[] = [];
    let seeded = false;

    const apply = (event: ThreadEvent) => {
      const text = answers.apply(event);
      setConversation((state) => withEvent(state, event, text));
    };

    const resume = async () => {
      // a thread that is not there (or not ours) answers 404 here; a SUBSCRIBE to it would only be dropped
      await fetchThread(tokens, threadId);
      if (!current) return;
      watch = watchThread(client, threadId, (event) => {
        if (!current) return;
        if (seeded) apply(event);
        else early.push(event);
      });
      if (!(await watch.ready) || !current) return;
      const [details, page] = await Promise.all([fetchThread(tokens, threadId), api.messages(threadId)]);
      const run = details.activeRunId ? await api.getRun(threadId, details.activeRunId) : null;
      if (!current) return;
      const history = [...page.items].reverse() as StoredMessage[];
      history.forEach((message) => answers.resume(message));
      setThread(details);
      setConversation((state) => {
        const loaded = withHistory(state, history, details.activeRunId);
        return run ? withRun(loaded, run) : loaded;
      });
      seeded = true;
      early.splice(0).forEach(apply);
      setProblem(null);
      setLive(true);
    };

    resume().catch((error: unknown) => {
      if (current) setProblem(error);
    });
    return () => {
      current = false;
      watch?.stop();
    };
  }, [api, tokens, client, threadId]);

  return { thread, conversation, live, problem };
}
