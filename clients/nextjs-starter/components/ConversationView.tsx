'use client';

import { useEffect, useRef } from 'react';
import { useThreadline } from '@/lib/threadline/connection';
import { isOpen, type ChatMessage, type Conversation } from '@/lib/threadline/conversation';
import { SendRefused } from '@/lib/threadline/problems';
import { useThreads } from '@/lib/threadline/threads';
import { useConversation } from '@/lib/threadline/use-conversation';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';
import { ProblemNotice } from './ProblemNotice';
import { RunTurn } from './RunTurn';

export function ConversationView({ threadId }: { threadId: string }) {
  const { client, send, streamError, clearStreamError } = useThreadline();
  const { thread, conversation, live, problem } = useConversation(threadId);
  const { firstMessage, firstMessageSent } = useThreads();
  const end = useFollowingEnd(conversation);
  const running = Object.values(conversation.runs).some(isOpen);
  const errorHere = streamError && (!streamError.threadId || streamError.threadId === threadId) ? streamError : null;

  return (
    <section className="conversation" aria-busy={!live} data-testid="conversation" data-live={live}>
      <header className="conversation-header">
        <h1 data-testid="thread-title">{thread?.title ?? (problem ? 'Conversation' : 'Loading…')}</h1>
        {running && (
          <button type="button" data-testid="stop" disabled={!client} onClick={() => client?.cancel(threadId)}>
            Stop
          </button>
        )}
      </header>
      {problem !== null && <ProblemNotice error={problem} />}
      {errorHere && <ProblemNotice error={new SendRefused(errorHere)} onDismiss={clearStreamError} />}
      <div className="messages" data-testid="messages">
        {turns(threadId, conversation)}
        <div ref={end} />
      </div>
      <Composer
        placeholder="Write a message"
        disabled={!client || !live}
        initial={firstMessage(threadId)}
        onSend={async (content, clientMessageId) => {
          await send(threadId, { content, clientMessageId });
          firstMessageSent(threadId);
        }}
      />
    </section>
  );
}

/** Each user message followed by its run; an answer is shown inside the run that wrote it. */
function turns(threadId: string, { messages, runs }: Conversation) {
  const answerOf = new Map<string, ChatMessage>();
  const asked = new Set<string>();
  for (const message of messages) {
    if (message.role === 'assistant' && message.runId) answerOf.set(message.runId, message);
    if (message.role === 'user' && message.runId) asked.add(message.runId);
  }
  return messages.map((message) => {
    if (message.role === 'assistant') {
      return message.runId && asked.has(message.runId) ? null : <MessageBubble key={message.id} message={message} />;
    }
    const run = message.runId ? runs[message.runId] : undefined;
    return (
      <div key={message.id} className="turn">
        <MessageBubble message={message} />
        {run && <RunTurn threadId={threadId} run={run} answer={answerOf.get(run.id)} />}
      </div>
    );
  });
}

/** Keeps the newest text in view while it streams, unless the reader has scrolled up. */
function useFollowingEnd(conversation: Conversation) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const marker = end.current;
    const scroller = marker?.closest('.messages');
    if (!marker || !scroller) return;
    if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 160) marker.scrollIntoView({ block: 'end' });
  }, [conversation]);
  return end;
}
