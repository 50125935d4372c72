/** The records of PROTOCOL.md §2, §10–§12, §14 and the thread events of §5, as a discriminated union on `type`. */

export type MessageStatus = 'complete' | 'in_progress' | 'failed' | 'cancelled';

export interface Message {
  id: string;
  threadId: string;
  /** The message this one follows in the conversation tree; null for the first of a thread (§10). */
  parentId?: string | null;
  role: 'user' | 'assistant';
  content: string;
  /** The user id for user messages, the assistant's name for assistant ones. */
  author: string;
  createdAt: string;
  status?: MessageStatus;
  runId?: string;
  attempt?: number;
  lastSeq?: number;
  /**
   * The ids of the messages with the same parent, itself included, oldest first: what a ‹ 2/3 › control
   * needs. Present on messages read with `GET /api/threads/{id}/messages`; events may leave it out.
   */
  siblingIds?: string[];
  attachments?: { type: 'image'; url: string }[];
  feedback?: { rating: 'up' | 'down'; comment?: string };
  metrics?: {
    timeToFirstTokenMs?: number;
    durationMs: number;
    chars: number;
    inputTokens: number;
    outputTokens: number;
    sentiment?: { score: number; label: 'negative' | 'neutral' | 'positive' };
  };
  /** The tokens of every model call of the run that wrote this answer (§12). */
  usage?: Usage;
}

/** Tokens of a run, consulted specialists included; `inputTokens` includes `cachedTokens` (§12). */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
  byAssistant?: Record<string, { inputTokens: number; outputTokens: number }>;
}

/** What the last run of a thread sent to the model (§12); absent where the gateway does not report it. */
export interface ThreadContext { tokens: number; limit: number; droppedTurns: number }

export interface Thread {
  id: string;
  title: string;
  assistant: string;
  createdAt: string;
  updatedAt: string;
  activeRunId?: string | null;
  /** The tip of the active branch (§10). */
  currentLeafId?: string | null;
  pinned: boolean;
  archived: boolean;
  tags: string[];
  /** The user who created the thread; only they rename, delete it or manage its members (§14). */
  owner?: string;
  /** Users who read, subscribe and send on the thread like its owner (§14). */
  members?: string[];
  context?: ThreadContext | null;
}

/** `GET /api/threads/{id}/presence` and the `presence` event (§14): who is subscribed now, on every gateway. */
export interface PresenceState { users: string[]; sessions: number }

/** One row of `GET /api/usage` (§12): a user's tokens on one model on one UTC day. */
export interface UsageDay {
  date: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
  runs: number;
  cost?: number;
}

export interface UsageReport {
  days: UsageDay[];
  totals: { inputTokens: number; outputTokens: number; cachedTokens?: number; runs: number; cost?: number };
  /** Present when a daily token budget applies to the caller. */
  budget?: { dailyTokens: number; usedToday: number };
}

export interface Model { id: string; default: boolean }

/** A hit of `GET /api/search` (§11): a title hit has no `messageId` nor `role`. */
export interface SearchHit {
  threadId: string;
  messageId?: string;
  title: string;
  snippet: string;
  role?: 'user' | 'assistant';
  createdAt: string;
}

interface Base {
  threadId: string;
  ts: string;
}

/** Events of a run carry its id; those a worker publishes also `attempt` and `seq`. */
interface RunBase extends Base {
  runId: string;
  attempt?: number;
  seq?: number;
}

export interface MessageCreated extends Base { type: 'message.created'; message: Message; runId?: string; attempt?: number; seq?: number }
export interface RunQueued extends RunBase { type: 'run.queued'; messageId: string; position?: number }
export interface RunStarted extends RunBase { type: 'run.started'; assistant: string }
export interface MessageDelta extends RunBase { type: 'message.delta'; messageId: string; assistant: string; delta: string }
export interface AssistantConsulted extends RunBase { type: 'assistant.consulted'; from: string; to: string; question: string }
export interface ToolCalled extends RunBase { type: 'tool.call'; assistant: string; callId: string; tool: string; arguments: Record<string, unknown> }
export interface ToolResulted extends RunBase { type: 'tool.result'; assistant: string; callId: string; tool: string; output: unknown; error?: string }
/**
 * The `tool.call` with the same `callId` waits for a participant's answer (§13) until `expiresAt`; the run is
 * `awaiting_approval` meanwhile. Answer with {@link ApprovalAnswer}.
 */
export interface ToolApprovalRequested extends RunBase {
  type: 'tool.approval_requested';
  assistant: string;
  callId: string;
  tool: string;
  arguments: Record<string, unknown>;
  expiresAt: string;
}
/**
 * The answer to a `tool.approval_requested`: by `userId`, or, with `timedOut` and no `userId`, a denial because
 * nobody answered in time. The call's `tool.result` follows (with `error` when denied).
 */
export interface ToolApprovalResolved extends RunBase {
  type: 'tool.approval_resolved';
  callId: string;
  approved: boolean;
  userId?: string;
  reason?: string;
  timedOut?: boolean;
}
export interface RunCompleted extends RunBase {
  type: 'run.completed';
  messageId: string;
  usage: Usage;
  metrics: { timeToFirstTokenMs?: number; durationMs: number };
  context?: ThreadContext;
}
export interface RunFailed extends RunBase { type: 'run.failed'; error: { code: string; message: string; retryable: boolean } }
export interface RunCancelled extends RunBase { type: 'run.cancelled'; messageId?: string }
export interface FeedbackRecorded extends Base { type: 'feedback.recorded'; messageId: string; rating: 'up' | 'down' }
export interface Typing extends Base { type: 'typing'; userId: string }
/** The thread as it is now: renamed, pinned, archived, tagged, titled, or switched to another branch (§10, §11). */
export interface ThreadUpdated extends Base { type: 'thread.updated'; thread: Thread }
/** Who is subscribed to the thread now, whenever that set changes (§14). */
export interface Presence extends Base, PresenceState { type: 'presence' }

export type ThreadEvent = MessageCreated | RunQueued | RunStarted | MessageDelta | AssistantConsulted | ToolCalled
  | ToolResulted | ToolApprovalRequested | ToolApprovalResolved | RunCompleted | RunFailed | RunCancelled
  | FeedbackRecorded | Typing | ThreadUpdated | Presence;

export type ThreadEventType = ThreadEvent['type'];

/** Every run ends with exactly one of these (PROTOCOL.md §5). */
export const TERMINAL_EVENTS: readonly ThreadEventType[] = ['run.completed', 'run.failed', 'run.cancelled'];

export function isTerminal(event: ThreadEvent): event is RunCompleted | RunFailed | RunCancelled {
  return TERMINAL_EVENTS.includes(event.type);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set<ThreadEventType>(['message.created', 'run.queued', 'run.started',
  'message.delta', 'assistant.consulted', 'tool.call', 'tool.result', 'tool.approval_requested', 'tool.approval_resolved',
  'run.completed', 'run.failed', 'run.cancelled', 'feedback.recorded', 'typing', 'thread.updated', 'presence']);

/**
 * Reads the body of a `/topic/threads/{id}` frame. Returns undefined for an event type this client does not
 * know (a newer gateway may send more), so a handler's `switch` on `type` stays exhaustive.
 */
export function parseThreadEvent(body: string): ThreadEvent | undefined {
  const event = JSON.parse(body);
  return event && typeof event === 'object' && KNOWN_TYPES.has(event.type) ? (event as ThreadEvent) : undefined;
}

/** An error about this session's own SEND, on `/user/queue/errors` (PROTOCOL.md §4). */
export interface SendError {
  type: 'error';
  code: string;
  message: string;
  clientMessageId?: string;
  threadId?: string;
  destination?: string;
}

export interface SendMessage {
  content: string;
  clientMessageId?: string;
  /** The message this one follows, starting a new branch there (§10); absent: the tip of the active branch. */
  parentId?: string;
  assistant?: string;
  model?: string;
  temperature?: number;
  attachments?: { type: 'image'; url: string }[];
}

/** The body answering a tool call that waits for approval (§13), over REST and STOMP alike. */
export interface ApprovalAnswer { callId: string; approved: boolean; reason?: string }

export type RunStatus = 'queued' | 'running' | 'awaiting_approval' | 'completed' | 'failed' | 'cancelled';

/** Who answered a pending approval, or `timedOut` (a denial, no `userId`) when nobody did in time (§13). */
export interface ApprovalDecision {
  approved: boolean;
  userId?: string | null;
  reason?: string | null;
  decidedAt: string;
  timedOut: boolean;
}

/** The tool call a run waits on (or waited on, once `decision` is there). */
export interface RunApproval {
  callId: string;
  assistant: string;
  tool: string;
  arguments: Record<string, unknown>;
  requestedAt: string;
  expiresAt: string;
  decision?: ApprovalDecision | null;
}

/**
 * `GET /api/threads/{id}/runs/{runId}`: a client that reconnects while the thread's `activeRunId` is
 * `awaiting_approval` finds here what the run waits on, as its missed `tool.approval_requested` said.
 */
export interface RunView {
  id: string;
  threadId: string;
  status: RunStatus;
  assistant: string;
  attempt: number;
  /** The answer this run writes. */
  messageId: string;
  createdAt: string;
  endedAt?: string | null;
  approval?: RunApproval | null;
}

/** What may change on a regenerated answer (§10). */
export interface RegenerateOptions { assistant?: string; model?: string; temperature?: number }

/** `PATCH /api/threads/{id}` (§11): only the members given change. */
export interface ThreadPatch { title?: string; pinned?: boolean; archived?: boolean; tags?: string[] }
