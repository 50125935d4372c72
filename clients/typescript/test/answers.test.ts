import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerAssembler, isTerminal, type ThreadEvent } from '../src/index.js';

const delta = (seq: number, text: string, attempt = 1): ThreadEvent => ({
  type: 'message.delta', threadId: 't', ts: '2026-11-23T00:00:00Z', runId: 'r', attempt, seq,
  messageId: 'm', assistant: 'orchestrator', delta: text,
});

test('deltas of one attempt concatenate in seq order and duplicates are ignored', () => {
  const answers = new AnswerAssembler();
  answers.apply(delta(1, 'Wear '));
  answers.apply(delta(2, 'navy.'));
  assert.equal(answers.apply(delta(2, 'navy.')), undefined);
  assert.equal(answers.text('m'), 'Wear navy.');
});

test('a higher attempt drops the partial text of the earlier one', () => {
  const answers = new AnswerAssembler();
  answers.apply(delta(1, 'Half an ans'));
  answers.apply(delta(1, 'A full ', 2));
  answers.apply(delta(2, 'answer.', 2));
  assert.equal(answers.apply(delta(2, 'stale', 1)), undefined);
  assert.equal(answers.text('m'), 'A full answer.');
});

test('an in_progress message resumes with only the deltas after its lastSeq', () => {
  const answers = new AnswerAssembler();
  answers.resume({ id: 'm', threadId: 't', role: 'assistant', content: 'Wear ', createdAt: '', status: 'in_progress', attempt: 1, lastSeq: 1, author: 'orchestrator' });
  answers.apply(delta(1, 'Wear '));
  answers.apply(delta(2, 'navy.'));
  assert.equal(answers.text('m'), 'Wear navy.');
});

test('terminal events are recognised', () => {
  assert.ok(isTerminal({ type: 'run.failed', threadId: 't', ts: '', runId: 'r', error: { code: 'x', message: 'y', retryable: false } }));
  assert.ok(!isTerminal(delta(1, 'x')));
});
