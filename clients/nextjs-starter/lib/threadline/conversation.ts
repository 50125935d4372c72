import type { MessageStatus, RunView as StoredRun, ThreadEvent } from '@threadline/client';
import type { StoredMessage } from './api';

/** A consultation of a specialist, or a tool call, made while a run answers (PROTOCOL.md §5, §9). */
export interface Activity {
  key: string;
  kind: 'consultation' | 'tool';
  /** The assistant that asked or called. */
  by: string;
  /** The specialist consulted, or the tool called. */
  target: string;
  /** The question, or the arguments as JSON. */
  input: string;
  output?: string;
  error?: string;
  done: boolean;
}

/**
 * A tool call that waits for a person's answer before it runs (PROTOCOL.md §13), and, once known, how that
 * ended: answered (`by` is the user's id), timed out (a denial), or the run ended first (`runPhase` says how).
 */
export interface Approval {
  callId: string;
  assistant: string;
  tool: string;
  arguments: Record<string, unknown>;
  expiresAt?: string;
  outcome?:
    | { kind: 'approved' | 'denied'; by?: string; reason?: string }
    | { kind: 'timed-out' }
    | { kind: 'ended'; runPhase: RunPhase };
}

export type RunPhase = 'queued' | 'running' | 'awaiting_approval' | 'completed' | 'failed' | 'cancelled' | 'ended';

export interface RunView {
  id: string;
  phase: RunPhase;
  attempt: number;
  position?: number;
  assistant?: string;
  error?: { code: string; message: string; retryable: boolean };
  activity: Activity[];
  approvals: Approval[];
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  runId?: string;
  attempt?: number;
  author?: string;
}

/** What a conversation view shows: the messages, oldest first, and what is known of their runs. */
export interface Conversation {
  messages: ChatMessage[];
  runs: Record<string, RunView>;
}

export const emptyConversation: Conversation = { messages: [], runs: {} };

export function isOpen(run: RunView): boolean {
  return run.phase === 'queued' || run.phase === 'running' || run.phase === 'awaiting_approval';
}

/**
 * The stored history (oldest first) after a (re)subscription replaces the messages. Runs keep what only their
 * events told (tool calls and consultations are not part of the history); their phase follows the history.
 */
export function withHistory(state: Conversation, history: StoredMessage[], activeRunId: string | null): Conversation {
  const messages = history.map(toChatMessage);
  const runs: Record<string, RunView> = {};
  for (const message of messages) {
    if (message.role !== 'user' || !message.runId) continue;
    const answer = messages.find((other) => other.role === 'assistant' && other.runId === message.runId);
    const known = state.runs[message.runId] ?? newRun(message.runId);
    const attempt = Math.max(known.attempt, answer?.attempt ?? 1);
    const phase = phaseOf(answer, message.runId === activeRunId, known);
    runs[message.runId] = { ...known, attempt, phase, approvals: isOpen({ ...known, phase }) ? known.approvals : ended(known.approvals, phase) };
  }
  return { messages, runs };
}

/**
 * What `GET /api/threads/{id}/runs/{runId}` says of the thread's active run, read after the history: the tool call
 * it waits on, whose `tool.approval_requested` came while nobody listened, or the answer it has had meanwhile.
 */
export function withRun(state: Conversation, run: StoredRun): Conversation {
  const known = state.runs[run.id];
  if (!known || !isOpen(known)) return state;
  const { approval } = run;
  const shown = approval && (run.status === 'awaiting_approval' || known.approvals.some((item) => item.callId === approval.callId));
  let next = shown ? addApproval(state, run.id, approval) : state;
  if (shown && approval.decision) next = decide(next, run.id, approval.callId, outcomeOf(approval.decision));
  const waiting = run.status === 'awaiting_approval' && !approval?.decision;
  return updateRun(next, run.id, (current) => ({
    ...current, phase: waiting ? 'awaiting_approval' : current.phase === 'awaiting_approval' ? 'running' : current.phase,
  }));
}

/** Applies one thread event; `answerText` is the answer's text as the client's `AnswerAssembler` has it now. */
export function withEvent(state: Conversation, event: ThreadEvent, answerText: string | undefined): Conversation {
  switch (event.type) {
    case 'message.created':
      return upsertMessage(state, toChatMessage(event.message));
    case 'run.queued':
      return updateRun(state, event.runId, (run) => ({ ...run, phase: 'queued', position: event.position }));
    case 'run.started': {
      const attempt = event.attempt ?? 1;
      const retried = attempt > (state.runs[event.runId]?.attempt ?? 1);
      const next = updateRun(state, event.runId, (run) => ({
        ...run, phase: 'running', position: undefined, assistant: event.assistant, attempt,
        activity: retried ? [] : run.activity, approvals: retried ? [] : run.approvals,
      }));
      // a new attempt writes the answer again from the start (PROTOCOL.md §5)
      return retried ? updateMessages(next, (m) => m.runId === event.runId && m.status === 'in_progress', (m) => ({ ...m, content: '' })) : next;
    }
    case 'message.delta': {
      const existing = state.messages.find((message) => message.id === event.messageId);
      if (answerText === undefined || (existing && existing.status !== 'in_progress')) return state;
      const running = updateRun(state, event.runId, (run) => ({ ...run, phase: 'running', position: undefined }));
      return upsertMessage(running, {
        id: event.messageId, role: 'assistant', content: answerText, status: 'in_progress', runId: event.runId, attempt: event.attempt, author: event.assistant,
      });
    }
    case 'assistant.consulted':
      return addActivity(state, event.runId, {
        key: `consulted-${event.ts}-${event.to}`, kind: 'consultation', by: event.from, target: event.to, input: event.question, done: false,
      });
    case 'tool.call':
      return addActivity(state, event.runId, {
        key: event.callId, kind: 'tool', by: event.assistant, target: event.tool, input: JSON.stringify(event.arguments), done: false,
      });
    case 'tool.result':
      return updateRun(state, event.runId, (run) => ({ ...run, activity: withResult(run.activity, event) }));
    case 'tool.approval_requested': {
      // an older request applied after the run's state (see withRun) changes nothing
      const known = state.runs[event.runId]?.approvals.find((item) => item.callId === event.callId);
      if (known?.outcome) return state;
      const next = addApproval(state, event.runId, event);
      return updateRun(next, event.runId, (run) => ({ ...run, phase: isOpen(run) ? 'awaiting_approval' : run.phase, position: undefined }));
    }
    case 'tool.approval_resolved': {
      const next = decide(state, event.runId, event.callId, outcomeOf(event));
      return updateRun(next, event.runId, (run) => ({ ...run, phase: run.phase === 'awaiting_approval' ? 'running' : run.phase }));
    }
    case 'run.completed':
      return endRun(state, event.runId, 'completed', 'complete');
    case 'run.failed':
      return endRun(updateRun(state, event.runId, (run) => ({ ...run, error: event.error })), event.runId, 'failed', 'failed');
    case 'run.cancelled':
      return endRun(state, event.runId, 'cancelled', 'cancelled');
    default:
      return state;
  }
}

/** The `tool.result` of an `ask_<name>` call closes the consultation of `<name>`; any other closes its call. */
function withResult(activity: Activity[], event: Extract<ThreadEvent, { type: 'tool.result' }>): Activity[] {
  const consulted = event.tool.startsWith('ask_') ? event.tool.slice('ask_'.length) : null;
  const index = consulted
    ? activity.findLastIndex((item) => item.kind === 'consultation' && item.target === consulted && !item.done)
    : activity.findIndex((item) => item.key === event.callId);
  if (index < 0) return activity;
  const output = typeof event.output === 'string' ? event.output : JSON.stringify(event.output);
  return activity.map((item, i) => (i === index ? { ...item, output, error: event.error, done: true } : item));
}

function endRun(state: Conversation, runId: string, phase: RunPhase, status: MessageStatus): Conversation {
  const over = updateRun(state, runId, (run) => ({ ...run, phase, position: undefined, approvals: ended(run.approvals, phase) }));
  return updateMessages(over, (m) => m.role === 'assistant' && m.runId === runId && m.status === 'in_progress', (m) => ({ ...m, status }));
}

function phaseOf(answer: ChatMessage | undefined, active: boolean, known: RunView): RunPhase {
  switch (answer?.status) {
    case 'complete': return 'completed';
    case 'failed': return 'failed';
    case 'cancelled': return 'cancelled';
    case 'in_progress': return known.phase === 'awaiting_approval' ? 'awaiting_approval' : 'running';
    default:
      if (active) return known.phase === 'running' || known.phase === 'awaiting_approval' ? known.phase : 'queued';
      return isOpen(known) ? 'ended' : known.phase;
  }
}

function toChatMessage(message: StoredMessage): ChatMessage {
  return {
    id: message.id, role: message.role, content: message.content, status: message.status ?? 'complete',
    runId: message.runId, attempt: message.attempt, author: message.author,
  };
}

function newRun(id: string): RunView {
  return { id, phase: 'queued', attempt: 1, activity: [], approvals: [] };
}

function updateRun(state: Conversation, runId: string, change: (run: RunView) => RunView): Conversation {
  return { ...state, runs: { ...state.runs, [runId]: change(state.runs[runId] ?? newRun(runId)) } };
}

function addActivity(state: Conversation, runId: string, item: Activity): Conversation {
  return updateRun(state, runId, (run) => ({ ...run, activity: [...run.activity.filter((known) => known.key !== item.key), item] }));
}

/** The request once per call: announced again (after a restart, or read from the run) it is the same card. */
function addApproval(state: Conversation, runId: string, request: Omit<Approval, 'outcome'>): Conversation {
  const { callId, assistant, tool, arguments: args, expiresAt } = request;
  return updateRun(state, runId, (run) => (run.approvals.some((item) => item.callId === callId)
    ? run
    : { ...run, approvals: [...run.approvals, { callId, assistant, tool, arguments: args ?? {}, expiresAt }] }));
}

function decide(state: Conversation, runId: string, callId: string, outcome: NonNullable<Approval['outcome']>): Conversation {
  return updateRun(state, runId, (run) => ({
    ...run, approvals: run.approvals.map((item) => (item.callId === callId ? { ...item, outcome } : item)),
  }));
}

/** A `tool.approval_resolved`, or a run's `approval.decision`: who answered, or that nobody did in time. */
function outcomeOf(decision: { approved: boolean; userId?: string | null; reason?: string | null; timedOut?: boolean }): NonNullable<Approval['outcome']> {
  if (decision.timedOut) return { kind: 'timed-out' };
  return { kind: decision.approved ? 'approved' : 'denied', by: decision.userId ?? undefined, reason: decision.reason ?? undefined };
}

/** The calls still waiting when their run ended (cancelled while waiting, say) wait no more. */
function ended(approvals: Approval[], runPhase: RunPhase): Approval[] {
  return approvals.some((item) => !item.outcome)
    ? approvals.map((item) => (item.outcome ? item : { ...item, outcome: { kind: 'ended', runPhase } }))
    : approvals;
}

function upsertMessage(state: Conversation, message: ChatMessage): Conversation {
  const exists = state.messages.some((known) => known.id === message.id);
  return {
    ...state,
    messages: exists ? state.messages.map((known) => (known.id === message.id ? message : known)) : [...state.messages, message],
  };
}

function updateMessages(state: Conversation, which: (m: ChatMessage) => boolean, change: (m: ChatMessage) => ChatMessage): Conversation {
  return { ...state, messages: state.messages.map((message) => (which(message) ? change(message) : message)) };
}
