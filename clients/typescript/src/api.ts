import type { ApprovalAnswer, Message, Model, PresenceState, RegenerateOptions, RunView, SearchHit, SendMessage, Thread,
  ThreadPatch, UsageReport } from './events.js';

/** A problem+json answer of the REST API (PROTOCOL.md §2): `code` is its stable `code` member. */
export class ThreadlineError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfterSeconds?: number) {
    super(message);
    this.name = 'ThreadlineError';
  }
}

/** One page of a listing; pass `next` as `before` for the following page, null at the end. */
export interface Page<T> { items: T[]; next: string | null }

/** `GET /api/threads` (§2, §11): archived ones only when asked, pinned first, then newest first. */
export interface ThreadQuery { limit?: number; before?: string; archived?: boolean; pinned?: boolean; tag?: string }

/** `GET /api/threads/{id}/messages` (§10): the active branch, or root → `leafId`; newest first. */
export interface MessageQuery { limit?: number; before?: string; leafId?: string }

export interface SearchQuery { limit?: number; before?: string }

export interface Accepted { messageId: string; runId: string }

/** The answer to a tool call was taken (§13): the run continues, on any worker, with its `tool.approval_resolved`. */
export interface ApprovalAccepted { runId: string; callId: string; approved: boolean }

/** A day range, `YYYY-MM-DD`, both ends included; the gateway's defaults apply to what is left out. */
export interface DayRange { from?: string; to?: string }

/** A user as an admin sees them (§14). */
export interface AdminUser {
  id: string;
  username?: string;
  firstSeenAt?: string;
  lastSeenAt?: string;
  disabled: boolean;
  dailyTokens?: number | null;
}

export interface AdminUserQuery { limit?: number; before?: string }

/** `PATCH /api/admin/users/{id}`: `dailyTokens: null` gives the user the configured default back. */
export interface AdminUserPatch { disabled?: boolean; dailyTokens?: number | null }

export interface UserUsage { userId: string; inputTokens: number; outputTokens: number; cachedTokens?: number; runs: number }

/** The REST calls of PROTOCOL.md §2, §10–§12 and §14, with the caller's token. */
export class ThreadlineApi {
  constructor(private readonly baseUrl: string, private readonly token: () => Promise<string>) {}

  createThread(options: string | { title?: string; assistant?: string } = {}): Promise<Thread> {
    return this.call('POST', '/api/threads', typeof options === 'string' ? { title: options } : options);
  }

  getThread(threadId: string): Promise<Thread> {
    return this.call('GET', `/api/threads/${threadId}`);
  }

  /** A number is the page size alone, as in earlier versions of this client. */
  threads(query: ThreadQuery | number = {}): Promise<Page<Thread>> {
    const filters = typeof query === 'number' ? { limit: query } : query;
    return this.call('GET', '/api/threads' + queryString({ limit: 20, ...filters }));
  }

  updateThread(threadId: string, patch: ThreadPatch): Promise<Thread> {
    return this.call('PATCH', `/api/threads/${threadId}`, patch);
  }

  deleteThread(threadId: string): Promise<void> {
    return this.call('DELETE', `/api/threads/${threadId}`);
  }

  /** A number is the page size alone, as in earlier versions of this client. */
  messages(threadId: string, query: MessageQuery | number = {}): Promise<Page<Message>> {
    const page = typeof query === 'number' ? { limit: query } : query;
    return this.call('GET', `/api/threads/${threadId}/messages` + queryString({ limit: 50, ...page }));
  }

  send(threadId: string, message: SendMessage): Promise<Accepted> {
    return this.call('POST', `/api/threads/${threadId}/messages`, message);
  }

  /** A new user message beside `messageId` (same parent), answered; the thread's active branch moves to it. */
  edit(threadId: string, messageId: string, message: SendMessage): Promise<Accepted> {
    return this.call('POST', `/api/threads/${threadId}/messages/${messageId}/edit`, message);
  }

  /** Answers again the user message that the answer `messageId` answered; the new answer becomes its sibling. */
  regenerate(threadId: string, messageId: string, options: RegenerateOptions = {}): Promise<{ runId: string }> {
    return this.call('POST', `/api/threads/${threadId}/messages/${messageId}/regenerate`, options);
  }

  /**
   * Makes root → `leafId` the active branch. With `latest`, Threadline's addition, the branch becomes the latest
   * continuation below `leafId` instead: what switching to a sibling in a ‹ 2/3 › control wants.
   */
  switchBranch(threadId: string, leafId: string, options: { latest?: boolean } = {}): Promise<Thread> {
    return this.call('PUT', `/api/threads/${threadId}/branch`, { leafId, ...options });
  }

  cancelRun(threadId: string, runId: string): Promise<void> {
    return this.call('POST', `/api/threads/${threadId}/runs/${runId}/cancel`);
  }

  /** The run as it is now; while `awaiting_approval`, `approval` says which tool call it waits on (§13). */
  getRun(threadId: string, runId: string): Promise<RunView> {
    return this.call('GET', `/api/threads/${threadId}/runs/${runId}`);
  }

  /**
   * Approves or denies the tool call the run waits on (§13); the owner and the members of the thread may. Rejects
   * with code `no_pending_approval` (409) when nothing waits on that call: answered already, timed out, or ended.
   */
  answerApproval(threadId: string, runId: string, answer: ApprovalAnswer): Promise<ApprovalAccepted> {
    return this.call('POST', `/api/threads/${threadId}/runs/${runId}/approvals`, answer);
  }

  feedback(threadId: string, messageId: string, rating: 'up' | 'down', comment?: string): Promise<void> {
    return this.call('POST', `/api/threads/${threadId}/messages/${messageId}/feedback`, { rating, comment });
  }

  /** The caller's own thread titles and messages containing every word of `q`, best matches first (§11). */
  search(q: string, query: SearchQuery = {}): Promise<Page<SearchHit>> {
    return this.call('GET', '/api/search' + queryString({ q, limit: 20, ...query }));
  }

  /** Adds a member (owner only): they read, subscribe and send like the owner (§14). */
  addMember(threadId: string, userId: string): Promise<void> {
    return this.call('POST', `/api/threads/${threadId}/members`, { userId });
  }

  removeMember(threadId: string, userId: string): Promise<void> {
    return this.call('DELETE', `/api/threads/${threadId}/members/${encodeURIComponent(userId)}`);
  }

  /** Who is subscribed to the thread now, on every gateway (§14). */
  presence(threadId: string): Promise<PresenceState> {
    return this.call('GET', `/api/threads/${threadId}/presence`);
  }

  /** The caller's tokens per day and model, and their budget when one applies (§12). */
  usage(range: DayRange = {}): Promise<UsageReport> {
    return this.call('GET', '/api/usage' + queryString({ ...range }));
  }

  /** Scope `admin` (§14). */
  adminUsers(query: AdminUserQuery = {}): Promise<Page<AdminUser>> {
    return this.call('GET', '/api/admin/users' + queryString({ ...query }));
  }

  /** Scope `admin`: a disabled user's tokens are refused from then on, open STOMP sessions included (§14). */
  updateUser(userId: string, patch: AdminUserPatch): Promise<AdminUser> {
    return this.call('PATCH', `/api/admin/users/${encodeURIComponent(userId)}`, patch);
  }

  /** Scope `admin`: every user's tokens in the range. */
  adminUsage(range: DayRange = {}): Promise<{ users: UserUsage[]; totals: Omit<UserUsage, 'userId'> }> {
    return this.call('GET', '/api/admin/usage' + queryString({ ...range }));
  }

  models(): Promise<Model[]> {
    return this.call('GET', '/api/models');
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
      const retryAfter = response.headers.get('Retry-After');
      throw new ThreadlineError(response.status, json?.code ?? 'error', json?.detail ?? json?.title ?? response.statusText,
        retryAfter === null ? undefined : Number(retryAfter));
    }
    return json as T;
  }
}

function queryString(parameters: Record<string, string | number | boolean | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const text = query.toString();
  return text ? '?' + text : '';
}
