/** The thread events of PROTOCOL.md §5, as a discriminated union on `type`. */

export type MessageStatus = 'complete' | 'in_progress' | 'failed' | 'cancelled';

export interface Message {
  id: string;
  threadId: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  status?: MessageStatus;
  assistant?: string;
  runId?: string;
  attempt?: number;
  lastSeq?: number;
  feedback?: { rating: 'up' | 'down'; comment?: string };
  metrics?: {
    timeToFirstTokenMs?: number;
    durationMs: number;
    chars: number;
    inputTokens: number;
    outputTokens: number;
    sentiment?: { compound: number; positive: number; neutral: number; negative: number };
  };
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
export interface RunCompleted extends RunBase {
  type: 'run.completed';
  messageId: string;
  usage: { inputTokens: number; outputTokens: number };
  metrics: { timeToFirstTokenMs?: number; durationMs: number };
}
export interface RunFailed extends RunBase { type: 'run.failed'; error: { code: string; message: string; retryable: boolean } }
export interface RunCancelled extends RunBase { type: 'run.cancelled'; messageId?: string }
export interface FeedbackRecorded extends Base { type: 'feedback.recorded'; messageId: string; rating: 'up' | 'down' }
export interface Typing extends Base { type: 'typing'; userId: string }

export type ThreadEvent = MessageCreated | RunQueued | RunStarted | MessageDelta | AssistantConsulted | ToolCalled
  | ToolResulted | RunCompleted | RunFailed | RunCancelled | FeedbackRecorded | Typing;

export type ThreadEventType = ThreadEvent['type'];

/** Every run ends with exactly one of these (PROTOCOL.md §5). */
export const TERMINAL_EVENTS: readonly ThreadEventType[] = ['run.completed', 'run.failed', 'run.cancelled'];

export function isTerminal(event: ThreadEvent): event is RunCompleted | RunFailed | RunCancelled {
  return TERMINAL_EVENTS.includes(event.type);
}

/** An error about this session's own SEND, on `/user/queue/errors` (PROTOCOL.md §4). */
export interface SendError {
  type: 'error';
  code: string;
  message: string;
  clientMessageId?: string;
  threadId?: string;
}

export interface SendMessage {
  content: string;
  clientMessageId?: string;
  assistant?: string;
  model?: string;
  temperature?: number;
  attachments?: { type: 'image'; url: string }[];
}
