import type { Message, ThreadEvent } from './events.js';

/**
 * Assembles streamed answers the way PROTOCOL.md §5 says: deltas of one attempt in `seq` order, a
 * `run.started` of a higher attempt drops the partial text, and an `in_progress` message loaded after a
 * reconnect is resumed by applying only deltas with `seq > lastSeq`.
 */
export class AnswerAssembler {
  private readonly answers = new Map<string, { attempt: number; seq: number; text: string }>();

  /** Seeds an answer from the history (`GET /api/threads/{id}/messages`) after a (re)subscription. */
  resume(message: Message): void {
    if (message.role !== 'assistant') return;
    this.answers.set(message.id, { attempt: message.attempt ?? 1, seq: message.lastSeq ?? 0, text: message.content });
  }

  /** Applies an event; returns the answer's text when the event changed it. */
  apply(event: ThreadEvent): string | undefined {
    if (event.type === 'message.created' && event.message.role === 'assistant') {
      this.answers.set(event.message.id, { attempt: event.attempt ?? 1, seq: Number.MAX_SAFE_INTEGER, text: event.message.content });
      return event.message.content;
    }
    if (event.type !== 'message.delta') return undefined;
    const attempt = event.attempt ?? 1;
    const seq = event.seq ?? 0;
    let answer = this.answers.get(event.messageId);
    if (!answer || attempt > answer.attempt) {
      answer = { attempt, seq: 0, text: '' };
      this.answers.set(event.messageId, answer);
    }
    if (attempt < answer.attempt || seq <= answer.seq) return undefined;
    answer.seq = seq;
    answer.text += event.delta;
    return answer.text;
  }

  text(messageId: string): string | undefined {
    return this.answers.get(messageId)?.text;
  }
}
