import { ThreadlineApi, type Message, type Thread } from '@threadline/client';
import type { TokenSource } from '@/lib/auth/token-source';
import { gatewayUrl } from '@/lib/config';
import { gatewayRequest } from './http';

/** A thread as `GET /api/threads/{id}` returns it (PROTOCOL.md §2): the client's `Thread` plus the fields used here. */
export interface ThreadDetails extends Thread {
  assistant: string;
  activeRunId: string | null;
}

/** A stored message (PROTOCOL.md §2): `author` is the user's id, or the name of the assistant that wrote it. */
export type StoredMessage = Message & { author?: string };

export function createApi(tokens: TokenSource): ThreadlineApi {
  return new ThreadlineApi(gatewayUrl, () => tokens.getToken());
}

export async function fetchThread(tokens: TokenSource, threadId: string): Promise<ThreadDetails> {
  return gatewayRequest('GET', `/api/threads/${encodeURIComponent(threadId)}`, { token: await tokens.getToken() });
}

/** A title from the first words of the first message, as a chat app names a new conversation. */
export function titleFrom(content: string): string {
  const words = content.trim().split(/\s+/);
  const head = words.slice(0, 8).join(' ');
  return head.length > 60 ? `${head.slice(0, 59)}…` : words.length > 8 ? `${head}…` : head;
}
