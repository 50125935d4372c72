'use client';

import { ThreadlineClient, type SendError, type SendMessage, type ThreadlineApi } from '@threadline/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TokenSource } from '@/lib/auth/token-source';
import { gatewayUrl } from '@/lib/config';
import { createApi } from './api';
import { SendRefused } from './problems';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

const RECONNECT_DELAY_MS = 2000;
const SEND_TIMEOUT_MS = 15000;

interface Threadline {
  tokens: TokenSource;
  api: ThreadlineApi;
  /** The STOMP client of the current connection: null while (re)connecting, a new one after each reconnect. */
  client: ThreadlineClient | null;
  status: ConnectionStatus;
  /** Why the gateway refused the connection (status `refused`): its STOMP ERROR, e.g. an expired token. */
  refusal: string | null;
  /** The latest error event about this session's frames that no send waits for (PROTOCOL.md §1, §4). */
  streamError: SendError | null;
  clearStreamError(): void;
  /**
   * Sends a user message over STOMP. Resolves once the gateway has stored it and queued its run (the RECEIPT);
   * rejects with `SendRefused` when the gateway answers with an error event, or after a timeout. Sending again
   * with the same `clientMessageId` is safe: the gateway accepts it once (PROTOCOL.md §4).
   */
  send(threadId: string, message: SendMessage & { clientMessageId: string }): Promise<void>;
}

const ThreadlineContext = createContext<Threadline | null>(null);

/**
 * One STOMP connection for the signed-in user. When it drops, a new `ThreadlineClient` connects after a short
 * delay: views depend on `client`, so each of them subscribes again and reloads its history, which is how a
 * client resumes (PROTOCOL.md §5). A refused CONNECT (invalid or expired token) does not retry.
 */
export function ThreadlineProvider({ tokens, children }: { tokens: TokenSource; children: ReactNode }) {
  const api = useMemo(() => createApi(tokens), [tokens]);
  const [connection, setConnection] = useState<{ client: ThreadlineClient | null; status: ConnectionStatus; refusal: string | null }>(
    { client: null, status: 'connecting', refusal: null });
  const [streamError, setStreamError] = useState<SendError | null>(null);
  const waitingSends = useRef(new Map<string, (error: SendError) => void>());

  useEffect(() => {
    let stopped = false;
    let current: ThreadlineClient | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const open = () => {
      const client: ThreadlineClient = new ThreadlineClient({
        baseUrl: gatewayUrl,
        token: () => tokens.getToken(),
        reconnectDelayMs: 0,
        webSocketFactory: (url) => {
          const socket = new WebSocket(url);
          socket.addEventListener('close', () => lost(client));
          return socket;
        },
      });
      current = client;
      client.onSendError((error) => {
        const waiting = error.clientMessageId ? waitingSends.current.get(error.clientMessageId) : undefined;
        if (waiting) waiting(error);
        else setStreamError(error);
      });
      client.connect().then(
        () => {
          if (current === client) setConnection({ client, status: 'connected', refusal: null });
        },
        (refused: Error) => {
          if (current !== client) return;
          current = null;
          void client.disconnect();
          setConnection({ client: null, status: 'refused', refusal: refused.message });
        },
      );
    };

    const lost = (client: ThreadlineClient) => {
      if (stopped || current !== client) return;
      current = null;
      void client.disconnect();
      setConnection({ client: null, status: 'reconnecting', refusal: null });
      retry = setTimeout(open, RECONNECT_DELAY_MS);
    };

    setConnection({ client: null, status: 'connecting', refusal: null });
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      void current?.disconnect();
      current = null;
    };
  }, [tokens]);

  const client = connection.client;
  const send = useCallback((threadId: string, message: SendMessage & { clientMessageId: string }) => {
    if (!client) {
      return Promise.reject(new Error('Not connected to the gateway: send again once it says connected.'));
    }
    return new Promise<void>((resolve, reject) => {
      const id = message.clientMessageId;
      const settle = (error?: Error) => {
        clearTimeout(timeout);
        waitingSends.current.delete(id);
        if (error) reject(error);
        else resolve();
      };
      const timeout = setTimeout(() => settle(new Error(
        'The gateway did not confirm the message. Send it again: it is accepted only once.')), SEND_TIMEOUT_MS);
      waitingSends.current.set(id, (error) => settle(new SendRefused(error)));
      client.send(threadId, message).then(() => settle(), (refused: Error) => settle(refused));
    });
  }, [client]);

  const clearStreamError = useCallback(() => setStreamError(null), []);

  const value = useMemo<Threadline>(() => ({ tokens, api, ...connection, streamError, clearStreamError, send }),
    [tokens, api, connection, streamError, clearStreamError, send]);
  return <ThreadlineContext.Provider value={value}>{children}</ThreadlineContext.Provider>;
}

export function useThreadline(): Threadline {
  const threadline = useContext(ThreadlineContext);
  if (!threadline) throw new Error('useThreadline needs a <ThreadlineProvider> above it');
  return threadline;
}
