import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { AnswerAssembler, ThreadlineClient, isTerminal, type ThreadEvent } from '../src/index.js';

// Against a running gateway: THREADLINE_URL (http://host:port) and THREADLINE_TOKEN, as the Java test
// TypeScriptClientTests sets them. Without them this file reports a skip with the reason.
const baseUrl = process.env.THREADLINE_URL;
const token = process.env.THREADLINE_TOKEN;
const skip = !baseUrl || !token ? 'THREADLINE_URL and THREADLINE_TOKEN are not set' : false;

test('a conversation streams through the typed client: deltas add up to the final answer', { skip, timeout: 30000 }, async () => {
  const client = new ThreadlineClient({ baseUrl: baseUrl!, token: token!, webSocketFactory: (url) => new WebSocket(url) });
  await client.connect();
  try {
    const thread = await client.api.createThread('From TypeScript');
    const events: ThreadEvent[] = [];
    const answers = new AnswerAssembler();
    let ended!: (event: ThreadEvent) => void;
    const end = new Promise<ThreadEvent>((resolve) => { ended = resolve; });
    await client.watch(thread.id, (event) => {
      events.push(event);
      answers.apply(event);
      if (isTerminal(event)) ended(event);
    });
    await client.send(thread.id, { content: 'What should I wear to a job interview?' });
    assert.equal((await end).type, 'run.completed');
    const final = events.find((e) => e.type === 'message.created' && e.message.role === 'assistant');
    assert.ok(final && final.type === 'message.created');
    const streamed = events.filter((e) => e.type === 'message.delta').map((e) => (e.type === 'message.delta' ? e.delta : '')).join('');
    assert.equal(streamed, final.message.content);
    assert.equal(answers.text(final.message.id), final.message.content);
    const history = await client.api.messages(thread.id);
    assert.deepEqual(history.items.map((m) => m.role).sort(), ['assistant', 'user']);
  } finally {
    await client.disconnect();
  }
});

test('an invalid token is refused with an Unauthorized ERROR frame', { skip, timeout: 15000 }, async () => {
  const client = new ThreadlineClient({ baseUrl: baseUrl!, token: 'not-a-jwt', webSocketFactory: (url) => new WebSocket(url), reconnectDelayMs: 0 });
  await assert.rejects(client.connect(), /Unauthorized/);
  await client.disconnect();
});
