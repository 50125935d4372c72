import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { AnswerAssembler, SendRejectedError, ThreadlineClient, ThreadlineError, isTerminal, siblingPosition,
  type ConnectionState, type Message, type ThreadEvent } from '../src/index.js';

// Against a running gateway: THREADLINE_URL (http://host:port) and THREADLINE_TOKEN, as the Java test
// TypeScriptClientTests sets them. Without them this file reports a skip with the reason.
const baseUrl = process.env.THREADLINE_URL;
const token = process.env.THREADLINE_TOKEN;
const skip = !baseUrl || !token ? 'THREADLINE_URL and THREADLINE_TOKEN are not set' : false;

const connect = async (states: ConnectionState[] = []) => {
  const client = new ThreadlineClient({ baseUrl: baseUrl!, token: token!, webSocketFactory: (url) => new WebSocket(url),
    onConnectionState: (state) => states.push(state) });
  await client.connect();
  return client;
};

/** Watches a thread; `next(type)` resolves with the next event of that type (one seen already is taken first). */
const watchEvents = async (client: ThreadlineClient, threadId: string) => {
  const events: ThreadEvent[] = [];
  const waiting: { type: string; resolve: (event: ThreadEvent) => void }[] = [];
  let taken = 0;
  await client.watch(threadId, (event) => {
    events.push(event);
    const index = waiting.findIndex((wait) => wait.type === event.type || (wait.type === 'end' && isTerminal(event)));
    if (index >= 0) {
      taken = events.length;
      waiting.splice(index, 1)[0].resolve(event);
    }
  });
  const next = (type: string) => {
    const seen = events.slice(taken).find((event) => event.type === type || (type === 'end' && isTerminal(event)));
    if (seen) {
      taken = events.indexOf(seen) + 1;
      return Promise.resolve(seen);
    }
    return new Promise<ThreadEvent>((resolve) => waiting.push({ type, resolve }));
  };
  return { events, next };
};

const contents = (messages: Message[]) => messages.map((message) => message.content);

test('a conversation streams through the typed client: deltas add up to the final answer', { skip, timeout: 30000 }, async () => {
  const states: ConnectionState[] = [];
  const client = await connect(states);
  try {
    assert.deepEqual(states, ['connecting', 'connected']);
    const thread = await client.api.createThread('From TypeScript');
    const { events, next } = await watchEvents(client, thread.id);
    const sent = await client.send(thread.id, { content: 'What should I wear to a job interview?' });
    assert.match(sent, /^[0-9a-f-]{36}$/);
    assert.equal((await next('end')).type, 'run.completed');
    const final = events.find((e) => e.type === 'message.created' && e.message.role === 'assistant');
    assert.ok(final && final.type === 'message.created');
    assert.equal(final.message.author, 'orchestrator');
    const streamed = events.filter((e) => e.type === 'message.delta').map((e) => (e.type === 'message.delta' ? e.delta : '')).join('');
    assert.equal(streamed, final.message.content);
    const answers = new AnswerAssembler();
    events.filter((e) => e.type === 'message.delta').forEach((e) => answers.apply(e));
    assert.equal(answers.text(final.message.id), final.message.content);
    const history = await client.api.messages(thread.id);
    assert.deepEqual(history.items.map((m) => m.role), ['assistant', 'user']);
    assert.equal(history.next, null);
    assert.equal((await client.api.getThread(thread.id)).currentLeafId, final.message.id);
  } finally {
    await client.disconnect();
  }
  assert.equal(states.at(-1), 'disconnected');
});

test('a refused STOMP send rejects with the gateway\'s code', { skip, timeout: 15000 }, async () => {
  const client = await connect();
  try {
    const thread = await client.api.createThread();
    await assert.rejects(client.send(thread.id, { content: '   ' }), (error: unknown) =>
      error instanceof SendRejectedError && error.code === 'validation_failed');
    await assert.rejects(client.send(thread.id, { content: 'x'.repeat(32_001) }), (error: unknown) =>
      error instanceof SendRejectedError && error.code === 'message_too_large');
  } finally {
    await client.disconnect();
  }
});

test('an edit starts a sibling branch, switching back restores the first, a regenerate adds a sibling answer', { skip, timeout: 60000 }, async () => {
  const client = await connect();
  try {
    const thread = await client.api.createThread('Branches');
    const { next } = await watchEvents(client, thread.id);
    await client.send(thread.id, { content: 'What should I wear to a job interview?' });
    await next('end');
    const [firstAnswer, question] = (await client.api.messages(thread.id)).items;
    assert.equal(question.parentId ?? null, null);
    assert.equal(firstAnswer.parentId, question.id);

    await assert.rejects(client.edit(thread.id, firstAnswer.id, { content: 'Answers are regenerated, not edited' }),
      (error: unknown) => error instanceof SendRejectedError && error.code === 'validation_failed');
    await client.edit(thread.id, question.id, { content: 'What should I wear to a startup interview?' });
    assert.equal((await next('end')).type, 'run.completed');
    const edited = (await client.api.messages(thread.id)).items;
    assert.equal(edited[1].content, 'What should I wear to a startup interview?');
    assert.deepEqual(edited[1].siblingIds, [question.id, edited[1].id]);
    assert.deepEqual(siblingPosition(edited[1]), { index: 2, count: 2, previousId: question.id, nextId: undefined });
    assert.equal((await client.api.getThread(thread.id)).currentLeafId, edited[0].id);

    const switched = await client.api.switchBranch(thread.id, question.id, { latest: true });
    assert.equal(switched.currentLeafId, firstAnswer.id);
    const updated = await next('thread.updated');
    assert.ok(updated.type === 'thread.updated' && updated.thread.currentLeafId === firstAnswer.id);
    assert.deepEqual(contents((await client.api.messages(thread.id)).items),
      [firstAnswer.content, 'What should I wear to a job interview?']);
    assert.deepEqual(contents((await client.api.messages(thread.id, { leafId: edited[1].id })).items),
      ['What should I wear to a startup interview?']);

    const { runId } = await client.api.regenerate(thread.id, firstAnswer.id);
    const ended = await next('end');
    assert.ok(ended.type === 'run.completed' && ended.runId === runId);
    const regenerated = (await client.api.messages(thread.id)).items;
    assert.equal(regenerated[1].id, question.id);
    assert.notEqual(regenerated[0].id, firstAnswer.id);
    assert.deepEqual(regenerated[0].siblingIds, [firstAnswer.id, regenerated[0].id]);
  } finally {
    await client.disconnect();
  }
});

test('a finished run reads as completed and has no tool call left to approve', { skip, timeout: 30000 }, async () => {
  const client = await connect();
  try {
    const thread = await client.api.createThread('Approvals');
    const { next } = await watchEvents(client, thread.id);
    const { runId, messageId } = await client.api.send(thread.id, { content: 'What should I wear to a job interview?' });
    assert.equal((await next('end')).type, 'run.completed');
    const run = await client.api.getRun(thread.id, runId);
    assert.deepEqual([run.id, run.threadId, run.status, run.attempt], [runId, thread.id, 'completed', 1]);
    assert.notEqual(run.messageId, messageId, 'the answer, not the question');
    assert.ok(run.endedAt);
    assert.ok(!run.approval);
    await assert.rejects(client.api.answerApproval(thread.id, runId, { callId: 'call_none', approved: true }),
      (error: unknown) => error instanceof ThreadlineError && error.status === 409 && error.code === 'no_pending_approval');
    await assert.rejects(client.api.answerApproval(thread.id, runId, { callId: '', approved: true }),
      (error: unknown) => error instanceof ThreadlineError && error.status === 400);
  } finally {
    await client.disconnect();
  }
});

test('threads are renamed, pinned and archived, and listed pinned first with archived ones apart', { skip, timeout: 30000 }, async () => {
  const client = await connect();
  try {
    const older = await client.api.createThread('Older');
    const newer = await client.api.createThread('Newer');
    const { next } = await watchEvents(client, older.id);
    const pinned = await client.api.updateThread(older.id, { title: 'Pinned one', pinned: true, tags: ['work'] });
    assert.deepEqual([pinned.title, pinned.pinned, pinned.tags], ['Pinned one', true, ['work']]);
    const updated = await next('thread.updated');
    assert.ok(updated.type === 'thread.updated' && updated.thread.title === 'Pinned one');
    const listed = (await client.api.threads({ limit: 100 })).items.map((thread) => thread.id);
    assert.equal(listed[0], older.id, 'pinned first');
    assert.ok(listed.includes(newer.id));
    assert.deepEqual((await client.api.threads({ tag: 'work', limit: 100 })).items.map((thread) => thread.id), [older.id]);

    await client.api.updateThread(newer.id, { archived: true });
    assert.ok(!(await client.api.threads({ limit: 100 })).items.some((thread) => thread.id === newer.id));
    assert.ok((await client.api.threads({ archived: true, limit: 100 })).items.some((thread) => thread.id === newer.id));
    assert.ok((await client.api.models()).some((model) => model.default));
  } finally {
    await client.disconnect();
  }
});

test('search finds the thread by a word of its messages', { skip, timeout: 30000 }, async () => {
  const client = await connect();
  try {
    const word = 'zebra' + Date.now().toString(36);
    const thread = await client.api.createThread('Search me');
    const { next } = await watchEvents(client, thread.id);
    await client.send(thread.id, { content: `Does a ${word} shirt suit an interview?` });
    await next('end');
    let hits = await client.api.search(word.toUpperCase());
    for (let tries = 0; hits.items.length === 0 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      hits = await client.api.search(word.toUpperCase());
    }
    assert.deepEqual(hits.items.map((hit) => [hit.threadId, hit.role]), [[thread.id, 'user']]);
    assert.match(hits.items[0].snippet, new RegExp(word));
    assert.equal(hits.items[0].title, 'Search me');
  } finally {
    await client.disconnect();
  }
});

test('an invalid token is refused with an Unauthorized ERROR frame', { skip, timeout: 15000 }, async () => {
  const client = new ThreadlineClient({ baseUrl: baseUrl!, token: 'not-a-jwt', webSocketFactory: (url) => new WebSocket(url), reconnectDelayMs: 0 });
  await assert.rejects(client.connect(), /Unauthorized/);
  await client.disconnect();
});
