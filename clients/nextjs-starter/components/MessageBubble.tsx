import type { ChatMessage } from '@/lib/threadline/conversation';

export function MessageBubble({ message }: { message: ChatMessage }) {
  return (
    <article className={`message message-${message.role}`} data-testid="message" data-role={message.role}
      data-status={message.status}>
      {message.role === 'assistant' && <header className="message-author">{message.author ?? 'assistant'}</header>}
      <div className={message.status === 'in_progress' ? 'message-text streaming' : 'message-text'}>{message.content}</div>
    </article>
  );
}
