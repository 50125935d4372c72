import { Client, type IFrame, type StompSubscription } from '@stomp/stompjs';
import { ThreadlineApi } from './api.js';
import { destinations } from './destinations.js';
import { parseThreadEvent, type ApprovalAnswer, type SendError, type SendMessage, type ThreadEvent } from './events.js';

/**
 * `connecting` before the first CONNECTED, `connected` while a STOMP session is up, `reconnecting` after the
 * connection dropped (the client tries again by itself), `disconnected` after {@link ThreadlineClient.disconnect}.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ThreadlineOptions {
  /** The gateway's base URL, e.g. `http://localhost:8080`; the STOMP endpoint is `/ws` under it. */
  baseUrl: string;
  /** The bearer JWT, or a function returning a fresh one on each (re)connect. */
  token: string | (() => string | Promise<string>);
  /** Where no global WebSocket exists (Node 20): e.g. `(url) => new WebSocket(url)` from the `ws` package. */
  webSocketFactory?: (url: string) => unknown;
  reconnectDelayMs?: number;
  onConnectionState?: (state: ConnectionState) => void;
}

/**
 * A STOMP SEND that did not go through: the gateway refused it (`code` as in PROTOCOL.md §4, e.g.
 * `validation_failed`, `rate_limited`), or the connection dropped before its RECEIPT (`connection_lost`: it may
 * or may not have been accepted; sending again with the same `clientMessageId` is safe, it is accepted once).
 */
export class SendRejectedError extends Error {
  constructor(readonly code: string, message: string, readonly clientMessageId: string, readonly error?: SendError) {
    super(message);
    this.name = 'SendRejectedError';
  }
}

interface PendingSend { resolve: (clientMessageId: string) => void; reject: (error: SendRejectedError) => void }

/** STOMP over WebSocket to the gateway: typed thread events, sends that settle, reconnection. */
export class ThreadlineClient {
  readonly api: ThreadlineApi;
  private readonly stomp: Client;
  private readonly token: () => Promise<string>;
  private readonly watched = new Map<string, (event: ThreadEvent) => void>();
  private readonly subscriptions = new Map<string, StompSubscription>();
  private readonly pending = new Map<string, PendingSend>();
  private errorHandler: (error: SendError) => void = () => {};
  private stateHandler: (state: ConnectionState) => void;
  private current: ConnectionState = 'disconnected';
  private receipts = 0;

  constructor(options: ThreadlineOptions) {
    const token = options.token;
    this.token = async () => (typeof token === 'function' ? await token() : token);
    this.stateHandler = options.onConnectionState ?? (() => {});
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
      onWebSocketClose: () => {
        this.failPending('connection_lost', 'The connection dropped before the gateway confirmed the message');
        if (this.stomp.active) this.setState(this.current === 'connecting' ? 'connecting' : 'reconnecting');
      },
    });
  }

  get connectionState(): ConnectionState {
    return this.current;
  }

  /** Called on every change of {@link connectionState}. */
  onConnectionState(handler: (state: ConnectionState) => void): void {
    this.stateHandler = handler;
  }

  /** Connects; resolves on the first CONNECTED, rejects on an ERROR frame (such as an invalid token). */
  connect(): Promise<void> {
    this.setState('connecting');
    return new Promise((resolve, reject) => {
      this.stomp.onConnect = () => {
        this.stomp.subscribe(destinations.errors, (frame) => this.onError(JSON.parse(frame.body) as SendError));
        for (const [threadId, handler] of this.watched) void this.bind(threadId, handler);
        this.setState('connected');
        resolve();
      };
      this.stomp.onStompError = (frame: IFrame) => {
        reject(new Error(frame.headers.message ?? 'STOMP error'));
      };
      this.stomp.activate();
    });
  }

  /**
   * Receives every error event of this session's SENDs (PROTOCOL.md §4), also those that reject the promise of
   * {@link send} or {@link edit}.
   */
  onSendError(handler: (error: SendError) => void): void {
    this.errorHandler = handler;
  }

  /**
   * Receives every event of the thread, also after reconnects (re-subscribed automatically). Resolves,
   * with a function that stops watching, once the gateway has confirmed the subscription. Event types this
   * client does not know are left out.
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

  /**
   * Sends a user message. Resolves with its `clientMessageId` once the gateway has durably accepted it (its
   * RECEIPT); rejects with a {@link SendRejectedError} when the gateway refuses it or the connection drops first.
   */
  send(threadId: string, message: SendMessage): Promise<string> {
    return this.publishMessage(destinations.sendMessage(threadId), message);
  }

  /** Edits a user message (PROTOCOL.md §10): a new sibling of `messageId`, answered; settles like {@link send}. */
  edit(threadId: string, messageId: string, message: SendMessage): Promise<string> {
    return this.publishMessage(destinations.edit(threadId), { ...message, messageId });
  }

  cancel(threadId: string): void {
    this.stomp.publish({ destination: destinations.cancel(threadId), body: '{}' });
  }

  /**
   * Approves or denies the tool call the thread's run waits on (§13). A refusal, such as `no_pending_approval`,
   * comes as an error event ({@link onSendError}); `api.answerApproval` answers over REST instead.
   */
  answerApproval(threadId: string, answer: ApprovalAnswer): void {
    this.stomp.publish({ destination: destinations.approvals(threadId), body: JSON.stringify(answer) });
  }

  feedback(threadId: string, messageId: string, rating: 'up' | 'down', comment?: string): void {
    this.stomp.publish({ destination: destinations.feedback(threadId), body: JSON.stringify({ messageId, rating, comment }) });
  }

  typing(threadId: string): void {
    this.stomp.publish({ destination: destinations.typing(threadId), body: '{}' });
  }

  async disconnect(): Promise<void> {
    await this.stomp.deactivate();
    this.failPending('connection_lost', 'Disconnected before the gateway confirmed the message');
    this.setState('disconnected');
  }

  private publishMessage(destination: string, body: SendMessage & { messageId?: string }): Promise<string> {
    const clientMessageId = body.clientMessageId ?? crypto.randomUUID();
    const receipt = `send-${++this.receipts}`;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(clientMessageId, { resolve, reject });
      try {
        this.stomp.watchForReceipt(receipt, () => this.settle(clientMessageId)?.resolve(clientMessageId));
        this.stomp.publish({
          destination,
          body: JSON.stringify({ ...body, clientMessageId }),
          headers: { 'content-type': 'application/json', receipt },
        });
      } catch (notConnected) {
        this.settle(clientMessageId)?.reject(new SendRejectedError('not_connected', String(notConnected), clientMessageId));
      }
    });
  }

  private onError(error: SendError): void {
    const waiting = error.clientMessageId === undefined ? undefined : this.settle(error.clientMessageId);
    waiting?.reject(new SendRejectedError(error.code, error.message, error.clientMessageId!, error));
    this.errorHandler(error);
  }

  private settle(clientMessageId: string): PendingSend | undefined {
    const waiting = this.pending.get(clientMessageId);
    this.pending.delete(clientMessageId);
    return waiting;
  }

  private failPending(code: string, message: string): void {
    for (const clientMessageId of [...this.pending.keys()]) {
      this.settle(clientMessageId)?.reject(new SendRejectedError(code, message, clientMessageId));
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.stateHandler(state);
  }

  private bind(threadId: string, handler: (event: ThreadEvent) => void): Promise<void> {
    const receipt = `subscribe-${++this.receipts}`;
    const confirmed = new Promise<void>((resolve) => this.stomp.watchForReceipt(receipt, () => resolve()));
    this.subscriptions.set(threadId, this.stomp.subscribe(destinations.threadEvents(threadId), (frame) => {
      const event = parseThreadEvent(frame.body);
      if (event) handler(event);
    }, { receipt }));
    return confirmed;
  }
}
