import { Client, type IFrame, type StompSubscription } from '@stomp/stompjs';
import { destinations } from './destinations.js';
import type { Message, SendError, SendMessage, ThreadEvent } from './events.js';

export interface ThreadlineOptions {
  /** The gateway's base URL, e.g. `http://localhost:8080`; the STOMP endpoint is `/ws` under it. */
  baseUrl: string;
  /** The bearer JWT, or a function returning a fresh one on each (re)connect. */
  token: string | (() => string | Promise<string>);
  /** Where no global WebSocket exists (Node 20): e.g. `(url) => new WebSocket(url)` from the `ws` package. */
  webSocketFactory?: (url: string) => unknown;
  reconnectDelayMs?: number;
}

/** A problem+json answer of the REST API (PROTOCOL.md §2). */
export class ThreadlineError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface Page<T> { items: T[]; nextBefore?: string | null }
export interface Thread { id: string; title: string; createdAt: string; updatedAt: string }

/** The REST calls a chat UI needs, with the caller's token. */
export class ThreadlineApi {
  constructor(private readonly baseUrl: string, private readonly token: () => Promise<string>) {}

  createThread(title?: string): Promise<Thread> {
    return this.call('POST', '/api/threads', title === undefined ? {} : { title });
  }

  threads(limit = 20): Promise<Page<Thread>> {
    return this.call('GET', `/api/threads?limit=${limit}`);
  }

  messages(threadId: string, limit = 50): Promise<Page<Message>> {
    return this.call('GET', `/api/threads/${threadId}/messages?limit=${limit}`);
  }

  send(threadId: string, message: SendMessage): Promise<{ messageId: string; runId: string }> {
    return this.call('POST', `/api/threads/${threadId}/messages`, message);
  }

  feedback(threadId: string, messageId: string, rating: 'up' | 'down', comment?: string): Promise<void> {
    return this.call('POST', `/api/threads/${threadId}/messages/${messageId}/feedback`, { rating, comment });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { Authorization: `Bearer ${await this.token()}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new ThreadlineError(response.status, json?.code ?? 'error', json?.detail ?? response.statusText);
    }
    return json as T;
  }
}

/** STOMP over WebSocket to the gateway: typed thread events, sends with receipts, reconnection. */
export class ThreadlineClient {
  readonly api: ThreadlineApi;
  private readonly stomp: Client;
  private readonly token: () => Promise<string>;
  private readonly watched = new Map<string, (event: ThreadEvent) => void>();
  private readonly subscriptions = new Map<string, StompSubscription>();
  private errorHandler: (error: SendError) => void = () => {};
  private receipts = 0;

  constructor(options: ThreadlineOptions) {
    const token = options.token;
    this.token = async () => (typeof token === 'function' ? await token() : token);
    this.api = new ThreadlineApi(options.baseUrl, this.token);
    const brokerURL = options.baseUrl.replace(/^http/, 'ws') + '/ws';
    this.stomp = new Client({
      brokerURL,
      webSocketFactory: options.webSocketFactory ? () => options.webSocketFactory!(brokerURL) : undefined,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: options.reconnectDelayMs ?? 2000,
      beforeConnect: async () => {
        this.stomp.connectHeaders = { Authorization: `Bearer ${await this.token()}` };
      },
    });
  }

  /** Connects; resolves on the first CONNECTED, rejects on an ERROR frame (such as an invalid token). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stomp.onConnect = () => {
        this.stomp.subscribe(destinations.errors, (frame) => this.errorHandler(JSON.parse(frame.body)));
        for (const [threadId, handler] of this.watched) void this.bind(threadId, handler);
        resolve();
      };
      this.stomp.onStompError = (frame: IFrame) => {
        reject(new Error(frame.headers.message ?? 'STOMP error'));
      };
      this.stomp.activate();
    });
  }

  onSendError(handler: (error: SendError) => void): void {
    this.errorHandler = handler;
  }

  /**
   * Receives every event of the thread, also after reconnects (re-subscribed automatically). Resolves,
   * with a function that stops watching, once the gateway has confirmed the subscription.
   */
  async watch(threadId: string, handler: (event: ThreadEvent) => void): Promise<() => void> {
    this.watched.set(threadId, handler);
    if (this.stomp.connected) await this.bind(threadId, handler);
    return () => {
      this.watched.delete(threadId);
      this.subscriptions.get(threadId)?.unsubscribe();
      this.subscriptions.delete(threadId);
    };
  }

  /** Sends a user message; resolves once the gateway has durably accepted it (its RECEIPT). */
  send(threadId: string, message: SendMessage): Promise<void> {
    const receipt = `send-${++this.receipts}`;
    const accepted = new Promise<void>((resolve) => this.stomp.watchForReceipt(receipt, () => resolve()));
    this.stomp.publish({
      destination: destinations.sendMessage(threadId),
      body: JSON.stringify({ clientMessageId: crypto.randomUUID(), ...message }),
      headers: { 'content-type': 'application/json', receipt },
    });
    return accepted;
  }

  cancel(threadId: string): void {
    this.stomp.publish({ destination: destinations.cancel(threadId), body: '{}' });
  }

  feedback(threadId: string, messageId: string, rating: 'up' | 'down', comment?: string): void {
    this.stomp.publish({ destination: destinations.feedback(threadId), body: JSON.stringify({ messageId, rating, comment }) });
  }

  typing(threadId: string): void {
    this.stomp.publish({ destination: destinations.typing(threadId), body: '{}' });
  }

  disconnect(): Promise<void> {
    return this.stomp.deactivate();
  }

  private bind(threadId: string, handler: (event: ThreadEvent) => void): Promise<void> {
    const receipt = `subscribe-${++this.receipts}`;
    const confirmed = new Promise<void>((resolve) => this.stomp.watchForReceipt(receipt, () => resolve()));
    this.subscriptions.set(threadId, this.stomp.subscribe(destinations.threadEvents(threadId),
      (frame) => handler(JSON.parse(frame.body) as ThreadEvent), { receipt }));
    return confirmed;
  }
}
