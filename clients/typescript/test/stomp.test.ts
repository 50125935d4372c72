import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { SendRejectedError, ThreadlineClient, parseThreadEvent, siblingPosition, type ConnectionState,
  type ThreadEvent } from '../src/index.js';

// A minimal STOMP 1.2 server over a real WebSocket: CONNECTED, RECEIPTs for subscriptions and accepted SENDs, an
// error event on /user/queue/errors for a SEND whose content is "refuse me", a dropped connection for "drop", and
// the RECEIPT of a DISCONNECT.
let server: WebSocketServer;
let baseUrl: string;
const sockets = new Set<WebSocket>();
const sent: { destination: string; body: Record<string, unknown> }[] = [];

const frame = (command: string, headers: Record<string, string>, body = '') =>
  `${command}\n${Object.entries(headers).map(([name, value]) => `${name}:${value}`).join('\n')}\n\n${body}\0`;

const parse = (text: string) => {
  const [head, ...rest] = text.replace(/^\n+/, '').split('\n\n');
  const [command, ...lines] = head.split('\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
  return { command, headers, body: rest.join('\n\n') };
};

before(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const subscriptions = new Map<string, string>();
    socket.on('message', (data) => {
      for (const text of data.toString().split('\0').filter((part) => part.trim())) {
        const { command, headers, body } = parse(text);
        if (command === 'CONNECT' || command === 'STOMP') socket.send(frame('CONNECTED', { version: '1.2', 'heart-beat': '0,0' }));
        if (command === 'SUBSCRIBE') {
          subscriptions.set(headers.destination, headers.id);
          if (headers.receipt) socket.send(frame('RECEIPT', { 'receipt-id': headers.receipt }));
        }
        if (command === 'DISCONNECT') {
          socket.send(frame('RECEIPT', { 'receipt-id': headers.receipt }));
          socket.close();
        }
        if (command !== 'SEND') continue;
        const message = JSON.parse(body);
        sent.push({ destination: headers.destination, body: message });
        if (message.content === 'drop') socket.terminate();
        else if (message.content === 'refuse me') {
          const error = { type: 'error', code: 'validation_failed', message: 'content must not be blank',
            clientMessageId: message.clientMessageId, threadId: 't1', destination: headers.destination };
          socket.send(frame('MESSAGE', { destination: '/user/queue/errors', subscription: subscriptions.get('/user/queue/errors')!,
            'message-id': 'e1', 'content-type': 'application/json' }, JSON.stringify(error)));
        } else socket.send(frame('RECEIPT', { 'receipt-id': headers.receipt }));
      }
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

const connected = async (states: ConnectionState[] = []) => {
  const client = new ThreadlineClient({ baseUrl, token: 'jwt', webSocketFactory: (url) => new WebSocket(url),
    reconnectDelayMs: 50, onConnectionState: (state) => states.push(state) });
  await client.connect();
  return client;
};

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

test('send resolves with its clientMessageId on the RECEIPT', { timeout: 10000 }, async () => {
  const client = await connected();
  try {
    assert.equal(await client.send('t1', { content: 'hello', clientMessageId: 'c-1' }), 'c-1');
    assert.deepEqual(sent.at(-1), { destination: '/app/threads/t1/messages', body: { content: 'hello', clientMessageId: 'c-1' } });
  } finally {
    await client.disconnect();
  }
});

test('send rejects with the gateway\'s code when its error event names the clientMessageId', { timeout: 10000 }, async () => {
  const client = await connected();
  const reported: string[] = [];
  client.onSendError((error) => reported.push(error.code));
  try {
    await assert.rejects(client.send('t1', { content: 'refuse me' }), (error: unknown) => {
      assert.ok(error instanceof SendRejectedError);
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.message, 'content must not be blank');
      assert.equal(error.clientMessageId, sent.at(-1)!.body.clientMessageId);
      return true;
    });
    assert.deepEqual(reported, ['validation_failed']);
  } finally {
    await client.disconnect();
  }
});

test('edit SENDs the edited message id with the send body and settles the same way', { timeout: 10000 }, async () => {
  const client = await connected();
  try {
    const id = await client.edit('t1', 'm1', { content: 'What about a startup?' });
    assert.deepEqual(sent.at(-1), { destination: '/app/threads/t1/edit',
      body: { content: 'What about a startup?', messageId: 'm1', clientMessageId: id } });
    await assert.rejects(client.edit('t1', 'm1', { content: 'refuse me' }), /content must not be blank/);
  } finally {
    await client.disconnect();
  }
});

test('a send in flight when the connection drops rejects as connection_lost; the states follow the connection', { timeout: 10000 }, async () => {
  const states: ConnectionState[] = [];
  const client = await connected(states);
  try {
    await assert.rejects(client.send('t1', { content: 'drop' }), (error: unknown) =>
      error instanceof SendRejectedError && error.code === 'connection_lost');
    await until(() => states.at(-1) === 'connected' && states.length > 2);
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.equal(await client.send('t1', { content: 'again' }).then(() => 'accepted'), 'accepted');
  } finally {
    await client.disconnect();
  }
  assert.equal(client.connectionState, 'disconnected');
  assert.equal(states.at(-1), 'disconnected');
});

test('watch delivers presence and thread.updated typed and leaves out event types the client does not know', { timeout: 10000 }, async () => {
  const client = await connected();
  const events: ThreadEvent[] = [];
  try {
    await client.watch('t1', (event) => events.push(event));
    const thread = { id: 't1', title: 'Interview outfit', assistant: 'orchestrator', createdAt: '', updatedAt: '',
      currentLeafId: 'm3', pinned: true, archived: false, tags: [] };
    for (const [id, body] of [['1', { type: 'thread.exploded', threadId: 't1', ts: '' }],
      ['2', { type: 'presence', threadId: 't1', ts: '', users: ['alice', 'bob'], sessions: 3 }],
      ['3', { type: 'thread.updated', threadId: 't1', ts: '', thread: { ...thread, owner: 'alice', members: ['bob'] } }]] as const) {
      for (const socket of sockets) {
        socket.send(frame('MESSAGE', { destination: '/topic/threads/t1', subscription: 'sub-1', 'message-id': id }, JSON.stringify(body)));
      }
    }
    await until(() => events.length > 1);
    const [presence, updated] = events;
    assert.equal(events.length, 2);
    assert.ok(presence.type === 'presence');
    assert.deepEqual(presence.users, ['alice', 'bob']);
    assert.equal(presence.sessions, 3);
    assert.ok(updated.type === 'thread.updated');
    assert.deepEqual(updated.thread.members, ['bob']);
    assert.equal(updated.thread.currentLeafId, 'm3');
    assert.equal(updated.thread.pinned, true);
  } finally {
    await client.disconnect();
  }
});

test('parseThreadEvent reads known types and answers undefined for others', () => {
  assert.equal(parseThreadEvent('{"type":"typing","threadId":"t","ts":"","userId":"u"}')?.type, 'typing');
  assert.equal(parseThreadEvent('{"type":"thread.exploded","threadId":"t","ts":""}'), undefined);
});

test('an approval request and its answer arrive typed, and answerApproval SENDs to the thread', { timeout: 10000 }, async () => {
  const client = await connected();
  const events: ThreadEvent[] = [];
  try {
    await client.watch('t1', (event) => events.push(event));
    const run = { threadId: 't1', ts: '2026-12-01T09:00:01Z', runId: 'r1', attempt: 1 };
    for (const [id, body] of [['4', { ...run, seq: 3, type: 'tool.approval_requested', assistant: 'buyer', callId: 'call_1',
      tool: 'shop__buy', arguments: { item: 'a wool coat' }, expiresAt: '2026-12-01T09:10:01Z' }],
    ['5', { ...run, seq: 4, type: 'tool.approval_resolved', callId: 'call_1', approved: false, userId: 'alice',
      reason: 'too dear' }]] as const) {
      for (const socket of sockets) {
        socket.send(frame('MESSAGE', { destination: '/topic/threads/t1', subscription: 'sub-1', 'message-id': id }, JSON.stringify(body)));
      }
    }
    await until(() => events.length > 1);
    const [requested, resolved] = events;
    assert.ok(requested.type === 'tool.approval_requested');
    assert.deepEqual([requested.callId, requested.tool, requested.arguments, requested.expiresAt],
      ['call_1', 'shop__buy', { item: 'a wool coat' }, '2026-12-01T09:10:01Z']);
    assert.ok(resolved.type === 'tool.approval_resolved');
    assert.deepEqual([resolved.approved, resolved.userId, resolved.reason, resolved.timedOut], [false, 'alice', 'too dear', undefined]);

    client.answerApproval('t1', { callId: 'call_1', approved: true });
    await until(() => sent.at(-1)?.destination === '/app/threads/t1/approvals');
    assert.deepEqual(sent.at(-1)!.body, { callId: 'call_1', approved: true });
  } finally {
    await client.disconnect();
  }
});

test('siblingPosition gives the ‹ 2/3 › place and the neighbours to switch to', () => {
  assert.deepEqual(siblingPosition({ id: 'b', siblingIds: ['a', 'b', 'c'] }), { index: 2, count: 3, previousId: 'a', nextId: 'c' });
  assert.deepEqual(siblingPosition({ id: 'a', siblingIds: ['a', 'b'] }), { index: 1, count: 2, previousId: undefined, nextId: 'b' });
  assert.equal(siblingPosition({ id: 'a', siblingIds: ['a'] }), undefined);
  assert.equal(siblingPosition({ id: 'a' }), undefined);
});
