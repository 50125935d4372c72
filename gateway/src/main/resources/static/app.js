// Threadline demo client: REST for threads, history, the conversation tree, search, usage, members and tool
// approvals, STOMP for live events, presence and sends (PROTOCOL.md). User content is only ever set with textContent,
// never parsed as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  // What the gateway stores when a thread is created without a title: it names nothing, so the list shows better.
  const PLACEHOLDER_TITLE = 'New conversation';
  const TOKEN_KEY = 'threadline.token';
  const MAX_CONTENT = 32000; // PROTOCOL.md §4
  const TYPING_EVERY_MS = 3000;
  const TYPING_SHOWN_MS = 5000;
  const number = new Intl.NumberFormat('en');

  // `session` is the signed-in user ({token, user, name}); everything else here belongs to it and is dropped with
  // it (endSession). Async work remembers the session it started in and discards its result if that has changed,
  // so nothing of one user is shown, or fetched, after switching to another.
  const state = {
    session: null, client: null, threads: [], showArchived: false, threadId: null, thread: null, subscription: null,
    bubbles: new Map(), held: null, loads: 0, typingSent: 0, typingTimer: null, search: null, presence: null
  };
  const stale = (session) => state.session !== session;

  // Per-user memory in sessionStorage: it survives a reload of this tab, like the token, and ends with the tab.
  const userKey = (session, name) => 'threadline.' + session.user + '.' + name;
  const knownFirstWords = (session) =>
    session ? JSON.parse(sessionStorage.getItem(userKey(session, 'firstWords')) || '{}') : {};

  const api = async (method, path, body, token = state.session && state.session.token) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      const error = new Error(problem.detail || problem.title || response.statusText || 'HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };
  const threadPath = (suffix = '') => '/api/threads/' + state.threadId + suffix;

  /** The claims of a JWT, unverified: only to name the user and key their memory; the gateway checks the token. */
  const claimsOf = (token) => {
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
    } catch { return {}; }
  };

  const showAuthError = (message) => { $('auth-error').textContent = message || ''; };
  const showChatError = (message) => { $('chat-error').textContent = message || ''; };
  const setStatus = (status) => { $('status').textContent = status; $('status').dataset.state = status; };
  /** Runs a user action, showing its failure next to the chat unless the user has changed meanwhile. */
  const act = (action) => {
    const session = state.session;
    showChatError('');
    return action().catch((error) => { if (!stale(session)) showChatError(error.message); });
  };
  const button = (className, label, title, onClick) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = className;
    element.textContent = label;
    if (title) element.title = element.ariaLabel = title;
    element.addEventListener('click', onClick);
    return element;
  };

  const shortDate = (iso) => new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  // ---- messages ----

  const append = (item) => {
    $('messages').appendChild(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  };

  const addNote = (kind, text) => {
    const item = document.createElement('li');
    item.className = 'note ' + kind;
    item.textContent = text;
    return append(item);
  };

  const textOf = (bubble) => bubble.querySelector('.text');
  const messageBubbles = () => [...$('messages').querySelectorAll('li[data-id]')];
  const lastShownId = () => { const bubbles = messageBubbles(); return bubbles.length ? bubbles[bubbles.length - 1].dataset.id : null; };

  /**
   * A message bubble: its text, then a line with its place among its siblings (‹ 2/3 ›, PROTOCOL.md §10), its time,
   * and its actions: Edit for user messages; rating and Regenerate for answers.
   */
  const addBubble = (message) => {
    const item = document.createElement('li');
    item.className = message.role;
    item.dataset.id = message.id;
    item.dataset.runId = message.runId ?? '';
    item.dataset.attempt = message.attempt ?? '';
    item.dataset.seq = message.lastSeq ?? 0;
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = message.content || '';
    const meta = document.createElement('div');
    meta.className = 'meta';
    const branch = document.createElement('span');
    branch.className = 'branch';
    const time = document.createElement('time');
    if (message.role === 'user' && state.session && message.author && message.author !== state.session.user) {
      const author = document.createElement('span');
      author.className = 'author';
      author.textContent = message.author; // a member of a shared thread (PROTOCOL.md §14)
      meta.appendChild(author);
    }
    meta.append(branch, time);
    if (message.role === 'user') {
      meta.appendChild(button('edit', 'Edit', 'Edit this message', () => startEdit(item)));
    } else {
      const feedback = document.createElement('span');
      feedback.className = 'feedback';
      for (const [rating, label] of [['up', '▲ good'], ['down', '▼ bad']]) {
        feedback.appendChild(button('rate-' + rating, label, rating === 'up' ? 'Helpful' : 'Not helpful',
          () => rate(message.id, rating)));
      }
      meta.append(feedback, button('regenerate', 'Regenerate', 'Answer again', () => regenerate(message.id)));
    }
    item.append(text, meta);
    state.bubbles.set(message.id, item);
    showMeta(item, message);
    if (message.role === 'assistant') {
      markRating(item, message.feedback && message.feedback.rating);
      item.classList.toggle('done', message.status === 'complete');
    }
    return append(item);
  };

  /** The parts of a bubble that a later read of the same message may change: its time, siblings and rating. */
  const showMeta = (bubble, message) => {
    const time = bubble.querySelector('time');
    const when = message.createdAt || time.dateTime;
    if (when) {
      time.dateTime = when;
      time.textContent = shortDate(when);
      time.title = new Date(when).toLocaleString();
    }
    if (message.siblingIds) showSiblings(bubble, message.id, message.siblingIds);
  };

  const showSiblings = (bubble, id, siblingIds) => {
    const branch = bubble.querySelector('.branch');
    const at = siblingIds.indexOf(id);
    if (siblingIds.length < 2 || at < 0) {
      branch.replaceChildren();
      return;
    }
    const previous = button('prev', '‹', 'Previous version', () => switchTo(siblingIds[at - 1]));
    const next = button('next', '›', 'Next version', () => switchTo(siblingIds[at + 1]));
    previous.disabled = at === 0;
    next.disabled = at === siblingIds.length - 1;
    const position = document.createElement('span');
    position.className = 'position';
    position.textContent = (at + 1) + '/' + siblingIds.length;
    branch.replaceChildren(previous, position, next);
  };

  const markRating = (bubble, rating) => {
    for (const element of bubble.querySelectorAll('.feedback button')) {
      element.classList.toggle('chosen', element.className.includes('rate-' + rating));
    }
  };

  /** A retried run (higher attempt) starts its answer again (PROTOCOL.md §5). */
  const restartAnswer = (bubble, attempt) => {
    textOf(bubble).textContent = '';
    bubble.dataset.attempt = attempt;
    bubble.dataset.seq = 0;
    bubble.classList.remove('done');
  };

  const rate = (messageId, rating) =>
    act(() => api('POST', threadPath('/messages/' + messageId + '/feedback'), { rating }));

  /** The model and temperature chosen under the composer; absent ones leave the assistant's own. */
  const choices = () => {
    const chosen = {};
    if ($('model').value) chosen.model = $('model').value;
    const temperature = $('temperature').value.trim();
    if (temperature !== '') chosen.temperature = Number(temperature);
    return chosen;
  };

  // ---- the conversation tree (PROTOCOL.md §10) ----

  /** Edits a user message in place: a box with its text; Save sends it as a new sibling, answered. */
  const startEdit = (bubble) => {
    if (bubble.classList.contains('editing')) return;
    bubble.classList.add('editing');
    const box = document.createElement('textarea');
    box.className = 'edit-box';
    box.maxLength = MAX_CONTENT;
    box.ariaLabel = 'edited message';
    box.value = textOf(bubble).textContent;
    const save = button('save-edit', 'Save and send', null, () => {
      if (!box.value.trim()) return;
      act(async () => {
        await reloadBranchAfter(() => api('POST', threadPath('/messages/' + bubble.dataset.id + '/edit'),
          { content: box.value, clientMessageId: crypto.randomUUID(), ...choices() }));
      });
    });
    const cancel = button('cancel-edit', 'Cancel', null, () => { bubble.classList.remove('editing'); editor.remove(); });
    const editor = document.createElement('div');
    editor.className = 'editor';
    editor.append(box, save, cancel);
    bubble.insertBefore(editor, bubble.querySelector('.meta'));
    box.focus();
  };

  const regenerate = (messageId) => act(() =>
    reloadBranchAfter(() => api('POST', threadPath('/messages/' + messageId + '/regenerate'), choices())));

  /** ‹ › : shows that sibling's latest continuation (Threadline's `latest`), as a chat app does. */
  const switchTo = (siblingId) => act(() =>
    reloadBranchAfter(async () => rememberThread(await api('PUT', threadPath('/branch'), { leafId: siblingId, latest: true }))));

  /**
   * Loads the active branch after `action` (if any) and shows it: when it holds the messages already shown, only
   * their siblings are refreshed (the notes of consultations and tools stay); otherwise the list is drawn anew.
   * Events that arrive meanwhile wait and apply after, so none falls between the page and the history read, and
   * the deltas of an answer still being written apply only past its stored lastSeq (PROTOCOL.md §5).
   */
  const reloadBranchAfter = async (action) => {
    const session = state.session;
    const threadId = state.threadId;
    const load = ++state.loads;
    if (!state.held) state.held = [];
    try {
      if (action) await action();
      const page = await api('GET', '/api/threads/' + threadId + '/messages?limit=50');
      if (stale(session) || state.threadId !== threadId || load !== state.loads) return page;
      showBranch(page.items.slice().reverse());
      return page;
    } finally {
      if (!stale(session) && state.threadId === threadId && load === state.loads) releaseHeldEvents();
    }
  };

  const releaseHeldEvents = () => {
    const held = state.held || [];
    state.held = null;
    held.forEach(onEvent);
  };

  const showBranch = (history) => {
    const shown = messageBubbles().map((bubble) => bubble.dataset.id);
    if (shown.length === history.length && history.every((message, index) => message.id === shown[index])) {
      history.forEach((message) => showMeta(state.bubbles.get(message.id), message));
      return;
    }
    state.bubbles.clear();
    state.presence = null;
    $('messages').replaceChildren();
    history.forEach(addBubble);
  };

  // ---- threads ----

  const firstWords = (content) => {
    const words = content.trim().split(/\s+/);
    const head = words.slice(0, 6).join(' ');
    return head.length > 60 ? head.slice(0, 60) + '…' : head + (words.length > 6 ? '…' : '');
  };

  /** The thread's own title; else the first words of its first user message, if this tab has seen it; else its date. */
  const labelOf = (thread) => (thread.title && thread.title !== PLACEHOLDER_TITLE && thread.title)
    || knownFirstWords(state.session)[thread.id] || shortDate(thread.createdAt);

  const learnFirstWords = (threadId, content) => {
    const known = knownFirstWords(state.session);
    if (known[threadId] || !content || !content.trim()) return;
    known[threadId] = firstWords(content);
    sessionStorage.setItem(userKey(state.session, 'firstWords'), JSON.stringify(known));
    renderThreads();
  };

  const openFromList = (threadId, messageId) => {
    const session = state.session;
    openThread(threadId).then(() => { if (messageId && !stale(session)) highlight(messageId); })
      .catch((error) => { if (!stale(session)) showChatError(error.message); });
  };

  const renderThreads = () => {
    const items = state.threads.map((thread) => {
      const label = document.createElement('button');
      label.type = 'button';
      label.textContent = label.title = labelOf(thread);
      label.classList.toggle('active', thread.id === state.threadId);
      label.addEventListener('click', () => openFromList(thread.id));
      const item = document.createElement('li');
      item.dataset.id = thread.id;
      item.classList.toggle('pinned', thread.pinned === true);
      item.appendChild(label);
      return item;
    });
    $('threads').replaceChildren(...items);
    $('toggle-threads').textContent = 'Conversations (' + state.threads.length + ')';
    renderOpenThread();
  };

  const ownsThread = (thread) => Boolean(thread && state.session && (!thread.owner || thread.owner === state.session.user));

  /**
   * The open thread's title, its owner's rename/pin/archive buttons, its context meter when the gateway reports one
   * (§12), and its members and who is here now (§14).
   */
  const renderOpenThread = () => {
    const thread = state.thread;
    $('thread-title').textContent = thread ? labelOf(thread) : '';
    $('thread-actions').hidden = !ownsThread(thread);
    renderPeople();
    $('pin').textContent = thread && thread.pinned ? 'Unpin' : 'Pin';
    $('pin').setAttribute('aria-pressed', String(Boolean(thread && thread.pinned)));
    $('archive').textContent = thread && thread.archived ? 'Unarchive' : 'Archive';
    $('archive').setAttribute('aria-pressed', String(Boolean(thread && thread.archived)));
    showContext(thread && thread.context);
  };

  const showContext = (context) => {
    $('context').hidden = !context;
    if (!context) return;
    $('context-meter').max = context.limit;
    $('context-meter').value = context.tokens;
    $('context-text').textContent = number.format(context.tokens) + ' / ' + number.format(context.limit) + ' tokens'
      + (context.droppedTurns ? ', ' + context.droppedTurns + ' earlier turns left out' : '');
  };

  /** Members of the open thread, removable and addable by its owner, and the users subscribed to it now (§14). */
  const renderPeople = () => {
    const thread = state.thread;
    $('people').hidden = !thread;
    if (!thread) return;
    const owner = ownsThread(thread);
    const people = [];
    if (thread.owner) people.push(document.createTextNode('Members: ' + thread.owner + ' (owner)'));
    for (const member of thread.members || []) {
      const name = document.createElement('span');
      name.className = 'member';
      name.textContent = member;
      if (owner) name.appendChild(button('remove-member', '×', 'Remove ' + member, () => changeMembers('DELETE',
        '/members/' + encodeURIComponent(member))));
      people.push(document.createTextNode(', '), name);
    }
    $('members').replaceChildren(...people);
    $('member-form').hidden = !owner;
    const presence = state.presence;
    $('presence').textContent = presence ? 'Here now: ' + (presence.users.join(', ') || 'nobody')
      + ' (' + presence.sessions + (presence.sessions === 1 ? ' session)' : ' sessions)') : '';
  };

  /** Adds or removes a member, then shows the thread as it is now (a thread.updated event may have done so already). */
  const changeMembers = (method, suffix, body) => act(async () => {
    const threadId = state.threadId;
    await api(method, threadPath(suffix), body);
    if (state.threadId === threadId) rememberThread(await api('GET', threadPath()));
  });

  const showPresence = (presence) => {
    state.presence = { users: presence.users || [], sessions: presence.sessions || 0 };
    renderPeople();
  };

  /** The tokens of today (UTC) and the daily budget when one applies (§12): shown beside the user's name. */
  const showUsage = async (session) => {
    const today = new Date().toISOString().slice(0, 10);
    const report = await api('GET', '/api/usage?from=' + today + '&to=' + today);
    if (stale(session)) return;
    const used = report.totals.inputTokens + report.totals.outputTokens;
    $('usage').textContent = 'Today: ' + number.format(used)
      + (report.budget ? ' / ' + number.format(report.budget.dailyTokens) : '') + ' tokens';
    $('usage').classList.toggle('exhausted', Boolean(report.budget && report.budget.usedToday >= report.budget.dailyTokens));
  };

  /** Pinned threads first (PROTOCOL.md §11); within each group the order the gateway gave, newest first. */
  const pinnedFirst = (threads) => threads.filter((thread) => thread.pinned).concat(threads.filter((thread) => !thread.pinned));

  const rememberThread = (thread) => {
    if (thread.id === state.threadId) state.thread = thread;
    const index = state.threads.findIndex((known) => known.id === thread.id);
    const listed = thread.archived === state.showArchived;
    if (index >= 0 && listed) state.threads[index] = thread;
    else if (index >= 0) state.threads.splice(index, 1);
    else if (listed) state.threads.unshift(thread);
    state.threads = pinnedFirst(state.threads);
    renderThreads();
    return thread;
  };

  const loadThreads = async () => {
    const session = state.session;
    const page = await api('GET', '/api/threads?limit=50&archived=' + state.showArchived);
    if (stale(session)) return;
    state.threads = page.items;
    renderThreads();
  };

  const patchThread = (patch) => act(async () => rememberThread(await api('PATCH', threadPath(), patch)));

  const startRename = () => {
    const input = $('title-input');
    input.value = state.thread.title === PLACEHOLDER_TITLE ? '' : state.thread.title;
    input.hidden = false;
    $('thread-title').hidden = true;
    input.focus();
    input.select();
  };

  const endRename = (save) => {
    const input = $('title-input');
    if (input.hidden) return;
    input.hidden = true;
    $('thread-title').hidden = false;
    const title = input.value.trim();
    if (save && title && state.thread && title !== state.thread.title) patchThread({ title });
  };

  const showThreadList = (expanded) => {
    $('sidebar').classList.toggle('expanded', expanded);
    $('toggle-threads').setAttribute('aria-expanded', String(expanded));
  };

  const closeThread = () => {
    if (state.subscription) {
      try { state.subscription.unsubscribe(); } catch { /* no connection: the server dropped it already */ }
    }
    state.subscription = null;
    state.threadId = null;
    state.thread = null;
    state.held = null;
    state.loads++;
    $('chat').classList.remove('open');
    state.bubbles.clear();
    state.presence = null;
    $('messages').replaceChildren();
    $('typing').textContent = '';
    $('content').disabled = $('cancel').disabled = true;
    $('title-input').hidden = true;
    $('thread-title').hidden = false;
    updateComposer();
    showChatError('');
    renderOpenThread();
  };

  /**
   * Subscribes first, then loads the thread and its active branch: events wait until the history is shown
   * (reloadBranchAfter), so no event falls between the two (PROTOCOL.md §5, resuming).
   */
  const openThread = async (threadId) => {
    const session = state.session;
    closeThread();
    state.threadId = threadId;
    state.thread = state.threads.find((thread) => thread.id === threadId) || null;
    $('chat').classList.add('open');
    sessionStorage.setItem(userKey(session, 'openThread'), threadId);
    showThreadList(false);
    renderThreads();
    state.held = [];
    const subscription = state.client.subscribe('/topic/threads/' + threadId, (frame) => {
      if (state.subscription !== subscription) return;
      const event = JSON.parse(frame.body);
      if (state.held) state.held.push(event); else onEvent(event);
    });
    state.subscription = subscription;
    let thread, page, presence;
    try {
      [thread, page, presence] = await Promise.all([api('GET', '/api/threads/' + threadId), reloadBranchAfter(),
        api('GET', '/api/threads/' + threadId + '/presence').catch(() => null)]);
    } catch (error) {
      if (!stale(session) && state.threadId === threadId) {
        closeThread();
        renderThreads();
        if (error.status === 404) sessionStorage.removeItem(userKey(session, 'openThread'));
      }
      throw error;
    }
    if (stale(session) || state.subscription !== subscription) return;
    $('content').disabled = false;
    $('cancel').disabled = !thread.activeRunId;
    updateComposer();
    state.thread = thread;
    if (!state.presence) state.presence = presence; // a presence event that came meanwhile is newer
    rememberThread(thread);
    if (thread.activeRunId) {
      showPendingApproval(session, threadId, thread.activeRunId)
        .catch((error) => { if (!stale(session)) showChatError(error.message); });
    }
    const history = page.items.slice().reverse();
    const first = history.find((message) => message.role === 'user');
    if (!page.next && first) learnFirstWords(threadId, first.content);
  };

  const highlight = (messageId) => {
    const bubble = state.bubbles.get(messageId);
    if (!bubble) return;
    bubble.classList.add('found');
    bubble.scrollIntoView({ block: 'center' });
  };

  // ---- approvals (PROTOCOL.md §13) ----

  const approvalCard = (callId) =>
    [...$('messages').querySelectorAll('li.approval')].find((card) => card.dataset.callId === callId);

  /**
   * A tool call that waits for a person: which assistant wants to run which tool with which arguments, Approve,
   * and Deny with an optional reason. One card per call, whether it comes from the event or, after (re)opening the
   * thread, from the run (a request announced again has the same callId).
   */
  const showApproval = (runId, approval) => {
    if (approvalCard(approval.callId)) return;
    const item = document.createElement('li');
    item.className = 'approval';
    item.dataset.callId = approval.callId;
    item.dataset.runId = runId;
    const head = document.createElement('div');
    head.className = 'approval-head';
    const asker = document.createElement('span');
    asker.className = 'asker';
    asker.textContent = approval.assistant;
    const tool = document.createElement('code');
    tool.className = 'tool-name';
    tool.textContent = approval.tool;
    head.append('Approval needed: ', asker, ' wants to run ', tool);
    const args = document.createElement('pre');
    args.className = 'arguments';
    args.textContent = JSON.stringify(approval.arguments || {}, null, 2);
    const reason = document.createElement('input');
    reason.className = 'reason';
    reason.maxLength = 1000;
    reason.placeholder = 'Reason for denying (optional)';
    reason.ariaLabel = 'reason for denying';
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(button('approve', 'Approve', 'Let ' + approval.tool + ' run', () => answerApproval(item, true)),
      button('deny', 'Deny', 'Do not run ' + approval.tool, () => answerApproval(item, false)), reason);
    const outcome = document.createElement('p');
    outcome.className = 'outcome';
    outcome.setAttribute('aria-live', 'polite');
    outcome.textContent = waitingText(approval.expiresAt);
    item.append(head, args, actions, outcome);
    append(item);
  };

  const waitingText = (expiresAt) => 'Waiting for an answer'
    + (expiresAt ? ' until ' + new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

  const setApprovalControls = (card, enabled) => {
    for (const control of card.querySelectorAll('.actions button, .actions input')) control.disabled = !enabled;
  };

  /**
   * Answers over REST, so a refusal belongs to this card: 409 (answered by someone else, timed out, or the run
   * ended) leaves it answered; any other failure lets the user try again. The outcome comes with the event.
   */
  const answerApproval = (card, approved) => {
    const session = state.session;
    const threadId = state.threadId;
    const reason = card.querySelector('.reason').value.trim();
    const outcome = card.querySelector('.outcome');
    const waiting = outcome.textContent;
    setApprovalControls(card, false);
    outcome.textContent = approved ? 'Approving…' : 'Denying…';
    showChatError('');
    api('POST', '/api/threads/' + threadId + '/runs/' + card.dataset.runId + '/approvals',
      { callId: card.dataset.callId, approved, ...(!approved && reason ? { reason } : {}) }).catch((error) => {
      if (stale(session) || state.threadId !== threadId || card.dataset.outcome) return;
      if (error.status === 409) {
        outcome.textContent = error.message;
        return;
      }
      setApprovalControls(card, true);
      outcome.textContent = waiting;
      showChatError(error.message);
    });
  };

  const settleApproval = (card, outcome, text) => {
    card.dataset.outcome = outcome;
    setApprovalControls(card, false);
    card.querySelector('.actions').hidden = true;
    card.querySelector('.outcome').textContent = text;
  };

  /** `tool.approval_resolved`, or the decision of a run read after (re)opening: who answered, or that nobody did. */
  const resolveApproval = (callId, decision) => {
    const card = approvalCard(callId);
    if (!card) return;
    if (decision.timedOut) {
      settleApproval(card, 'timed-out', 'Timed out: nobody answered in time, so it did not run');
      return;
    }
    const by = state.session && decision.userId === state.session.user ? 'you' : decision.userId || 'someone';
    settleApproval(card, decision.approved ? 'approved' : 'denied', (decision.approved ? 'Approved by ' : 'Denied by ')
      + by + (!decision.approved && decision.reason ? ': ' + decision.reason : ''));
  };

  /** A run that ended while a call of it still waited, such as one cancelled while waiting. */
  const endApprovals = (runId, text) => {
    for (const card of $('messages').querySelectorAll('li.approval')) {
      if (card.dataset.runId === runId && !card.dataset.outcome) settleApproval(card, 'ended', text);
    }
  };

  /** After (re)opening a thread whose run waits: the request, whose event came while this page was not listening. */
  const showPendingApproval = async (session, threadId, runId) => {
    const run = await api('GET', '/api/threads/' + threadId + '/runs/' + runId);
    if (stale(session) || state.threadId !== threadId || run.status !== 'awaiting_approval' || !run.approval) return;
    showApproval(run.id, run.approval);
    if (run.approval.decision) resolveApproval(run.approval.callId, run.approval.decision);
  };

  // ---- events (PROTOCOL.md §5) ----

  /** A message not shown yet follows the last one shown, or belongs to another branch: then the branch is read again. */
  const onMessageCreated = (message) => {
    const bubble = state.bubbles.get(message.id);
    if (bubble) {
      textOf(bubble).textContent = message.content;
      showMeta(bubble, message);
      bubble.classList.toggle('done', message.status === 'complete');
      return;
    }
    // the gateway leaves a null parentId out: such a message is a root
    if ((message.parentId || null) !== lastShownId()) {
      reloadBranchAfter().catch((error) => showChatError(error.message));
      return;
    }
    addBubble(message);
    if (message.role === 'user' && message.author !== (state.session && state.session.user)) $('typing').textContent = '';
  };

  const onDelta = (event) => {
    const bubble = state.bubbles.get(event.messageId) || addBubble({ id: event.messageId, role: 'assistant',
      content: '', runId: event.runId, attempt: event.attempt, lastSeq: 0, createdAt: event.ts });
    const attempt = Number(bubble.dataset.attempt || 0);
    if (event.attempt < attempt) return; // a late delta of an attempt that was retried
    if (event.attempt > attempt) restartAnswer(bubble, event.attempt);
    if (event.seq <= Number(bubble.dataset.seq)) return; // already in the content loaded with the history
    bubble.dataset.seq = event.seq;
    textOf(bubble).textContent += event.delta;
    bubble.scrollIntoView({ block: 'end' });
  };

  const onTyping = (event) => {
    if (state.session && event.userId === state.session.user) return;
    $('typing').textContent = 'Someone else is typing…';
    $('typing').title = event.userId;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $('typing').textContent = ''; }, TYPING_SHOWN_MS);
  };

  const onEvent = (event) => {
    switch (event.type) {
      case 'message.created':
        onMessageCreated(event.message);
        break;
      case 'run.started':
        $('cancel').disabled = false;
        for (const bubble of state.bubbles.values()) {
          if (bubble.classList.contains('assistant') && bubble.dataset.runId === event.runId
              && Number(bubble.dataset.attempt) < event.attempt) {
            restartAnswer(bubble, event.attempt);
          }
        }
        break;
      case 'assistant.consulted':
        addNote('consulted', event.from + ' asked ' + event.to + ': ' + event.question);
        break;
      case 'tool.call':
        addNote('tool', event.assistant + ' called ' + event.tool + ' ' + JSON.stringify(event.arguments));
        break;
      case 'tool.approval_requested':
        showApproval(event.runId, event);
        break;
      case 'tool.approval_resolved':
        resolveApproval(event.callId, event);
        break;
      case 'message.delta':
        onDelta(event);
        break;
      case 'run.completed':
        $('cancel').disabled = true;
        if (event.context && state.thread) rememberThread({ ...state.thread, context: event.context });
        showUsage(state.session).catch(() => { /* the usage line keeps its last figure */ });
        // a regenerated answer's siblings are known only to a read of the branch
        reloadBranchAfter().catch((error) => showChatError(error.message));
        break;
      case 'run.cancelled':
        $('cancel').disabled = true;
        endApprovals(event.runId, 'Cancelled: the run was stopped before anyone answered');
        addNote('stopped', 'Stopped.');
        break;
      case 'run.failed':
        $('cancel').disabled = true;
        endApprovals(event.runId, 'The run failed before anyone answered');
        addNote('failed', 'The answer failed: ' + event.error.message);
        break;
      case 'feedback.recorded': {
        const bubble = state.bubbles.get(event.messageId);
        if (bubble) markRating(bubble, event.rating);
        break;
      }
      case 'typing':
        onTyping(event);
        break;
      case 'presence':
        showPresence(event);
        break;
      case 'thread.updated': {
        if (!event.thread) break;
        const leaf = event.thread.currentLeafId;
        rememberThread(event.thread);
        if (event.thread.id === state.threadId && leaf && !state.bubbles.has(leaf)) {
          reloadBranchAfter().catch((error) => showChatError(error.message));
        }
        break;
      }
    }
  };

  // ---- search (PROTOCOL.md §11) ----

  const search = async (query, before) => {
    const session = state.session;
    const page = await api('GET', '/api/search?limit=20&q=' + encodeURIComponent(query)
      + (before ? '&before=' + encodeURIComponent(before) : ''));
    if (stale(session)) return;
    const items = page.items.map((hit) => {
      const open = document.createElement('button');
      open.type = 'button';
      const title = document.createElement('span');
      title.className = 'hit-title';
      title.textContent = hit.title;
      const snippet = document.createElement('span');
      snippet.className = 'snippet';
      snippet.textContent = hit.messageId ? (hit.role === 'assistant' ? 'Answer: ' : 'You: ') + hit.snippet : 'Title';
      open.append(title, snippet);
      open.addEventListener('click', () => openFromList(hit.threadId, hit.messageId));
      const item = document.createElement('li');
      item.dataset.threadId = hit.threadId;
      if (hit.messageId) item.dataset.messageId = hit.messageId;
      item.appendChild(open);
      return item;
    });
    if (before) $('search-results').append(...items); else $('search-results').replaceChildren(...items);
    state.search = { query, next: page.next };
    const count = $('search-results').children.length;
    $('search-summary').textContent = count === 0 ? 'Nothing found for “' + query + '”'
      : count + (page.next ? '+' : '') + ' found for “' + query + '”';
    $('search-more').hidden = !page.next;
    $('search-panel').hidden = false;
  };

  const closeSearch = () => {
    state.search = null;
    $('search-panel').hidden = true;
    $('search-results').replaceChildren();
    $('search-summary').textContent = '';
  };

  // ---- composer ----

  const updateComposer = () => {
    const length = $('content').value.length;
    const over = length > MAX_CONTENT;
    $('char-count').textContent = number.format(length) + ' / ' + number.format(MAX_CONTENT);
    $('char-count').classList.toggle('over', over);
    $('send').disabled = !state.threadId || $('content').disabled || over;
  };

  const sendTyping = () => {
    const now = Date.now();
    if (!state.threadId || !state.client || !state.client.connected || now - state.typingSent < TYPING_EVERY_MS) return;
    state.typingSent = now;
    state.client.publish({ destination: '/app/threads/' + state.threadId + '/typing', body: '{}' });
  };

  const loadModels = async (session) => {
    const models = await api('GET', '/api/models');
    if (stale(session)) return;
    const options = models.map((model) => {
      const option = document.createElement('option');
      option.value = model.id;
      option.textContent = model.id + (model.default ? ' (default)' : '');
      return option;
    });
    $('model').replaceChildren($('model').options[0], ...options);
  };

  // ---- session ----

  /** After (re)connecting: the thread list, then the thread that was open, even across a reload of the page. */
  const restore = async (session) => {
    $('threads').setAttribute('aria-busy', 'true');
    try {
      await loadThreads();
      const threadId = state.threadId || sessionStorage.getItem(userKey(session, 'openThread'));
      if (threadId && !stale(session)) await openThread(threadId);
    } catch (error) {
      // a remembered thread that is gone (404) is simply not reopened
      if (!stale(session) && error.status !== 404) showChatError(error.message);
    } finally {
      if (!stale(session)) $('threads').setAttribute('aria-busy', 'false');
    }
  };

  const connect = (session) => {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    const client = new StompJs.Client({
      brokerURL: url,
      connectHeaders: { Authorization: 'Bearer ' + session.token },
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 2000
    });
    state.client = client;
    setStatus('connecting');
    client.onConnect = async () => {
      if (state.client !== client) return;
      setStatus('connected');
      $('new-thread').disabled = $('search').disabled = $('show-archived').disabled = false;
      client.subscribe('/user/queue/errors', (frame) => {
        if (state.client === client) showChatError(JSON.parse(frame.body).message);
      });
      await restore(session);
    };
    client.onStompError = (frame) => {
      if (state.client !== client) return;
      sessionStorage.removeItem(TOKEN_KEY);
      endSession();
      setStatus('refused');
      showAuthError(frame.headers.message);
    };
    client.onWebSocketClose = () => {
      if (state.client !== client) return;
      state.subscription = null; // the server forgot it with the connection; onConnect subscribes again
      setStatus('reconnecting');
    };
    client.activate();
  };

  /** Drops everything of the signed-in user: the connection, the open thread, the list, the search and the errors shown. */
  const endSession = () => {
    closeThread();
    closeSearch();
    if (state.client) state.client.deactivate();
    state.client = null;
    state.session = null;
    state.threads = [];
    state.showArchived = $('show-archived').checked = false;
    $('threads').replaceChildren();
    $('threads').setAttribute('aria-busy', 'false');
    $('thread-title').textContent = '';
    $('toggle-threads').textContent = 'Conversations';
    $('new-thread').disabled = $('toggle-threads').disabled = $('search').disabled = $('show-archived').disabled = true;
    $('search').value = '';
    $('model').replaceChildren($('model').options[0]);
    $('who').textContent = $('who').title = '';
    $('usage').textContent = '';
    document.body.classList.remove('signed-in');
    setStatus('disconnected');
  };

  const startSession = (token) => {
    endSession();
    const claims = claimsOf(token);
    state.session = { token, user: claims.sub || 'unknown', name: claims.preferred_username || claims.sub || 'signed in' };
    sessionStorage.setItem(TOKEN_KEY, token);
    $('who').textContent = $('who').title = state.session.name;
    $('toggle-threads').disabled = false;
    document.body.classList.add('signed-in');
    showAuthError('');
    const session = state.session;
    loadModels(session).catch(() => { /* the picker keeps the assistant's own model */ });
    showUsage(session).catch(() => { /* no usage line */ });
    connect(session);
  };

  const logOut = () => {
    if (state.session) {
      for (const name of ['openThread', 'firstWords']) sessionStorage.removeItem(userKey(state.session, name));
    }
    sessionStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
    endSession();
  };

  const logIn = async (register) => {
    const credentials = { username: $('username').value.trim(), password: $('password').value };
    showAuthError('');
    try {
      if (register) await api('POST', '/api/auth/register', credentials, null);
      const issued = await api('POST', '/api/auth/token', credentials, null);
      $('password').value = '';
      startSession(issued.access_token);
    } catch (error) { showAuthError(error.message); }
  };

  $('login-form').addEventListener('submit', (event) => { event.preventDefault(); logIn(false); });
  $('register').addEventListener('click', () => logIn(true));
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (token) startSession(token);
  });
  $('logout').addEventListener('click', logOut);
  $('toggle-threads').addEventListener('click', () => showThreadList(!$('sidebar').classList.contains('expanded')));
  $('new-thread').addEventListener('click', async () => {
    const session = state.session;
    try {
      const thread = await api('POST', '/api/threads', {});
      if (!stale(session)) await openThread(thread.id);
    } catch (error) { if (!stale(session)) showChatError(error.message); }
  });
  $('show-archived').addEventListener('change', () => {
    state.showArchived = $('show-archived').checked;
    act(loadThreads);
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = $('search').value.trim();
    if (query) act(() => search(query)); else closeSearch();
  });
  $('search-more').addEventListener('click', () => {
    if (state.search && state.search.next) act(() => search(state.search.query, state.search.next));
  });
  $('search-close').addEventListener('click', closeSearch);
  $('rename').addEventListener('click', startRename);
  $('title-input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); endRename(true); }
    if (event.key === 'Escape') endRename(false);
  });
  $('title-input').addEventListener('blur', () => endRename(true));
  $('pin').addEventListener('click', () => patchThread({ pinned: !state.thread.pinned }));
  $('member-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const userId = $('member-id').value.trim();
    if (!userId) return;
    $('member-id').value = '';
    changeMembers('POST', '/members', { userId });
  });
  $('archive').addEventListener('click', () => patchThread({ archived: !state.thread.archived }));
  $('content').addEventListener('input', () => { updateComposer(); sendTyping(); });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = $('content').value;
    if (!content.trim() || !state.threadId || content.length > MAX_CONTENT) return;
    if (!state.client || !state.client.connected) {
      showChatError('Not connected: wait until the status says connected, then send again.');
      return;
    }
    showChatError('');
    if (![...state.bubbles.values()].some((bubble) => bubble.classList.contains('user'))) {
      learnFirstWords(state.threadId, content);
    }
    state.client.publish({
      destination: '/app/threads/' + state.threadId + '/messages',
      body: JSON.stringify({ content, clientMessageId: crypto.randomUUID(), ...choices() }),
      headers: { 'content-type': 'application/json' }
    });
    $('content').value = '';
    updateComposer();
  });
  $('cancel').addEventListener('click', () => {
    state.client.publish({ destination: '/app/threads/' + state.threadId + '/cancel', body: '{}' });
  });

  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  const saved = fromFragment || sessionStorage.getItem(TOKEN_KEY);
  if (fromFragment) history.replaceState(null, '', location.pathname);
  if (saved) startSession(saved);
})();
