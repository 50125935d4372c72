import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ThreadlineApi, ThreadlineError } from '../src/index.js';

// A local HTTP server stands in for the gateway: it records each request and answers what the test queued.
interface Seen { method: string; url: string; authorization?: string; body?: unknown }
const seen: Seen[] = [];
let answer: { status: number; body?: unknown; headers?: Record<string, string> } = { status: 200 };
let server: Server;
let api: ThreadlineApi;

const read = async (request: IncomingMessage) => {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : undefined;
};

before(async () => {
  server = createServer(async (request, response) => {
    seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body: await read(request) });
    response.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new ThreadlineApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, async () => 'the-token');
});

after(() => server.close());

const last = () => seen[seen.length - 1];
const thread = { id: 't1', title: 'Interview', assistant: 'orchestrator', createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z', activeRunId: null, currentLeafId: 'm2', pinned: true, archived: false, tags: ['work'] };

test('edit posts a send body to the edited message and answers with the new ids', async () => {
  answer = { status: 202, body: { messageId: 'm3', runId: 'r3' } };
  const accepted = await api.edit('t1', 'm1', { content: 'What about a startup?', clientMessageId: 'c1' });
  assert.deepEqual(accepted, { messageId: 'm3', runId: 'r3' });
  assert.deepEqual(last(), { method: 'POST', url: '/api/threads/t1/messages/m1/edit', authorization: 'Bearer the-token',
    body: { content: 'What about a startup?', clientMessageId: 'c1' } });
});

test('regenerate posts the options to the answer and returns the run', async () => {
  answer = { status: 202, body: { runId: 'r4' } };
  assert.deepEqual(await api.regenerate('t1', 'm2', { temperature: 0.2 }), { runId: 'r4' });
  assert.equal(last().url, '/api/threads/t1/messages/m2/regenerate');
  assert.deepEqual(last().body, { temperature: 0.2 });
});

test('switchBranch puts the leaf, with latest when asked, and returns the thread', async () => {
  answer = { status: 200, body: thread };
  const switched = await api.switchBranch('t1', 'm1', { latest: true });
  assert.equal(switched.currentLeafId, 'm2');
  assert.deepEqual(last(), { method: 'PUT', url: '/api/threads/t1/branch', authorization: 'Bearer the-token',
    body: { leafId: 'm1', latest: true } });
});

test('updateThread patches only the members given', async () => {
  answer = { status: 200, body: { ...thread, archived: true } };
  const updated = await api.updateThread('t1', { archived: true, tags: ['work'] });
  assert.equal(updated.archived, true);
  assert.deepEqual(last(), { method: 'PATCH', url: '/api/threads/t1', authorization: 'Bearer the-token',
    body: { archived: true, tags: ['work'] } });
});

test('threads passes the filters as query parameters and reads next', async () => {
  answer = { status: 200, body: { items: [thread], next: 't0' } };
  const page = await api.threads({ archived: true, pinned: false, tag: 'work & life', before: 't9' });
  assert.equal(page.next, 't0');
  assert.equal(last().url, '/api/threads?limit=20&archived=true&pinned=false&tag=work+%26+life&before=t9');
  await api.threads(5);
  assert.equal(last().url, '/api/threads?limit=5');
});

test('messages reads another branch with leafId', async () => {
  answer = { status: 200, body: { items: [{ id: 'm2', threadId: 't1', parentId: 'm1', role: 'assistant', content: 'Navy.',
    author: 'orchestrator', createdAt: thread.createdAt, siblingIds: ['m2', 'm4'] }], next: null } };
  const page = await api.messages('t1', { leafId: 'm2', limit: 10 });
  assert.equal(last().url, '/api/threads/t1/messages?limit=10&leafId=m2');
  assert.deepEqual(page.items[0].siblingIds, ['m2', 'm4']);
  assert.equal(page.next, null);
});

test('getThread, search and models call their paths', async () => {
  answer = { status: 200, body: thread };
  assert.equal((await api.getThread('t1')).title, 'Interview');
  assert.equal(last().url, '/api/threads/t1');
  answer = { status: 200, body: { items: [{ threadId: 't1', messageId: 'm2', title: 'Interview', snippet: '…navy blazer…',
    role: 'assistant', createdAt: thread.createdAt }], next: 'cursor' } };
  const hits = await api.search('navy blazer', { limit: 5 });
  assert.equal(last().url, '/api/search?q=navy+blazer&limit=5');
  assert.equal(hits.items[0].messageId, 'm2');
  assert.equal(hits.next, 'cursor');
  answer = { status: 200, body: [{ id: 'gpt-4.1-mini', default: true }] };
  assert.deepEqual(await api.models(), [{ id: 'gpt-4.1-mini', default: true }]);
});

test('a problem answer becomes a ThreadlineError with its code and Retry-After', async () => {
  answer = { status: 429, body: { code: 'rate_limited', detail: 'Too many messages' }, headers: { 'Retry-After': '7' } };
  await assert.rejects(api.send('t1', { content: 'x' }), (error: unknown) => {
    assert.ok(error instanceof ThreadlineError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.message, 'Too many messages');
    assert.equal(error.retryAfterSeconds, 7);
    return true;
  });
});

test('members are added with a body and removed by their escaped id; presence is read', async () => {
  answer = { status: 204 };
  await api.addMember('t1', 'bob');
  assert.deepEqual(last(), { method: 'POST', url: '/api/threads/t1/members', authorization: 'Bearer the-token',
    body: { userId: 'bob' } });
  await api.removeMember('t1', 'bob@example.com');
  assert.deepEqual(last(), { method: 'DELETE', url: '/api/threads/t1/members/bob%40example.com',
    authorization: 'Bearer the-token', body: undefined });
  answer = { status: 200, body: { users: ['alice', 'bob'], sessions: 3 } };
  assert.deepEqual(await api.presence('t1'), { users: ['alice', 'bob'], sessions: 3 });
  assert.equal(last().url, '/api/threads/t1/presence');
});

test('usage passes the day range and reads the budget', async () => {
  const report = { days: [{ date: '2026-12-01', model: 'gpt-4.1-mini', inputTokens: 900, outputTokens: 120, runs: 2 }],
    totals: { inputTokens: 900, outputTokens: 120, runs: 2 }, budget: { dailyTokens: 5000, usedToday: 1020 } };
  answer = { status: 200, body: report };
  assert.deepEqual(await api.usage({ from: '2026-11-01', to: '2026-12-01' }), report);
  assert.equal(last().url, '/api/usage?from=2026-11-01&to=2026-12-01');
  await api.usage();
  assert.equal(last().url, '/api/usage');
});

test('the admin calls page users, patch one with a null budget, and read usage per user', async () => {
  answer = { status: 200, body: { items: [{ id: 'ops', disabled: false }], next: null } };
  assert.equal((await api.adminUsers({ limit: 10, before: 'u9' })).items[0].id, 'ops');
  assert.equal(last().url, '/api/admin/users?limit=10&before=u9');
  answer = { status: 200, body: { id: 'bob', disabled: true, dailyTokens: null } };
  assert.equal((await api.updateUser('bob', { disabled: true, dailyTokens: null })).disabled, true);
  assert.deepEqual(last(), { method: 'PATCH', url: '/api/admin/users/bob', authorization: 'Bearer the-token',
    body: { disabled: true, dailyTokens: null } });
  answer = { status: 200, body: { users: [], totals: { inputTokens: 0, outputTokens: 0, runs: 0 } } };
  await api.adminUsage({ to: '2026-12-01' });
  assert.equal(last().url, '/api/admin/usage?to=2026-12-01');
});

test('a refused send over the budget carries budget_exhausted and Retry-After', async () => {
  answer = { status: 429, body: { code: 'budget_exhausted', title: 'Too Many Requests', detail: 'Daily token budget reached' },
    headers: { 'Retry-After': '3600' } };
  await assert.rejects(api.send('t1', { content: 'hi' }), (error: unknown) => error instanceof ThreadlineError
    && error.status === 429 && error.code === 'budget_exhausted' && error.retryAfterSeconds === 3600);
});

test('answerApproval posts the answer to the run and getRun reads what it waits on', async () => {
  answer = { status: 202, body: { runId: 'r1', callId: 'call_1', approved: false } };
  assert.deepEqual(await api.answerApproval('t1', 'r1', { callId: 'call_1', approved: false, reason: 'not today' }),
    { runId: 'r1', callId: 'call_1', approved: false });
  assert.deepEqual(last(), { method: 'POST', url: '/api/threads/t1/runs/r1/approvals', authorization: 'Bearer the-token',
    body: { callId: 'call_1', approved: false, reason: 'not today' } });
  const waiting = { id: 'r1', threadId: 't1', status: 'awaiting_approval', assistant: 'buyer', attempt: 1, messageId: 'm2',
    createdAt: '2026-12-01T09:00:00Z', endedAt: null, approval: { callId: 'call_1', assistant: 'buyer', tool: 'shop__buy',
      arguments: { item: 'a wool coat' }, requestedAt: '2026-12-01T09:00:01Z', expiresAt: '2026-12-01T09:10:01Z', decision: null } };
  answer = { status: 200, body: waiting };
  const run = await api.getRun('t1', 'r1');
  assert.equal(last().url, '/api/threads/t1/runs/r1');
  assert.equal(run.status, 'awaiting_approval');
  assert.deepEqual(run.approval?.arguments, { item: 'a wool coat' });
  assert.equal(run.approval?.decision, null);
});

test('an answer to a call that no longer waits rejects with no_pending_approval', async () => {
  answer = { status: 409, body: { code: 'no_pending_approval', title: 'Conflict',
    detail: 'Nothing awaits approval for call call_1: it was answered already, timed out, or the run ended' } };
  await assert.rejects(api.answerApproval('t1', 'r1', { callId: 'call_1', approved: true }), (error: unknown) =>
    error instanceof ThreadlineError && error.status === 409 && error.code === 'no_pending_approval'
    && /answered already/.test(error.message));
});
