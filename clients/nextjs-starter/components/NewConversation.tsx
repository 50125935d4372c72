'use client';

import { useRouter } from 'next/navigation';
import { useThreadline } from '@/lib/threadline/connection';
import { useThreads } from '@/lib/threadline/threads';
import { Composer } from './Composer';

/** A conversation starts with its first message: the thread is created and named by it, and opened to send it. */
export function NewConversation() {
  const { client } = useThreadline();
  const { start } = useThreads();
  const router = useRouter();

  return (
    <section className="conversation conversation-new" data-testid="new-conversation-view">
      <header className="conversation-header">
        <h1>New conversation</h1>
      </header>
      <div className="messages empty">
        <p>Your first message starts the conversation and names it. The assistant may consult specialists and call
          tools: you see them work while the answer streams in.</p>
      </div>
      <Composer
        placeholder="Ask anything"
        disabled={!client}
        onSend={async (content, clientMessageId) => {
          const thread = await start({ content, clientMessageId });
          router.push(`/threads/${thread.id}`);
        }}
      />
    </section>
  );
}
