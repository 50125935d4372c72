'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useThreads } from '@/lib/threadline/threads';
import { ProblemNotice } from './ProblemNotice';

export function ThreadList() {
  const { threads, problem } = useThreads();
  const { threadId } = useParams<{ threadId?: string }>();
  if (problem !== null) return <ProblemNotice error={problem} />;
  if (threads === null) return <p className="muted">Loading conversations…</p>;
  if (threads.length === 0) return <p className="muted">No conversations yet.</p>;
  return (
    <ul className="thread-list" data-testid="thread-list">
      {threads.map((thread) => (
        <li key={thread.id}>
          <Link href={`/threads/${thread.id}`} data-testid="thread-link" aria-current={thread.id === threadId ? 'page' : undefined}
            title={thread.title}>
            {thread.title || 'Untitled'}
          </Link>
        </li>
      ))}
    </ul>
  );
}
