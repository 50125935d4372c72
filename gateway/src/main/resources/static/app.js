// Threadline demo client: REST for threads and history, STOMP for live events (PROTOCOL.md).
// User content is only ever set with textContent, never parsed as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  // What the gateway stores when a thread is created without a title: it names nothing, so the list shows better.
  const PLACEHOLDER_TITLE = 'New conversation';
  const TOKEN_KEY = 'threadline.token';

  // `session` is the signed-in user ({token, user, name}); everything else here belongs to it and is dropped with
  // it (endSession). Async work remembers the session it started in and discards its result if that has changed,
  // so nothing of one user is shown, or fetched, after switching to another.
  const state = { session: null, client: null, threads: [], threadId: null, subscription: null, bubbles: new Map() };
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

  /** A message bubble: its text, and for assistant answers the feedback buttons. */
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
    item.appendChild(text);
    state.bubbles.set(message.id, item);
    if (message.role === 'assistant') {
      const buttons = document.createElement('span');
      buttons.className = 'feedback';
      for (const [rating, label] of [['up', '▲ good'], ['down', '▼ bad']]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'rate-' + rating;
        button.textContent = label;
        button.title = rating === 'up' ? 'Helpful' : 'Not helpful';
        button.addEventListener('click', () => rate(message.id, rating));
        buttons.appendChild(button);
      }
      item.appendChild(buttons);
      markRating(item, message.feedback && message.feedback.rating);
      item.classList.toggle('done', message.status === 'complete');
    }
    return append(item);
  };

  const textOf = (bubble) => bubble.querySelector('.text');
  const markRating = (bubble, rating) => {
    for (const button of bubble.querySelectorAll('.feedback button')) {
      button.classList.toggle('chosen', button.className.includes('rate-' + rating));
    }
  };

  /** A retried run (higher attempt) starts its answer again (PROTOCOL.md §5). */
  const restartAnswer = (bubble, attempt) => {
    textOf(bubble).textContent = '';
    bubble.dataset.attempt = attempt;
    bubble.dataset.seq = 0;
    bubble.classList.remove('done');
  };

  const rate = async (messageId, rating) => {
    try {
      await api('POST', '/api/threads/' + state.threadId + '/messages/' + messageId + '/feedback', { rating });
    } catch (error) { showChatError(error.message); }
  };

  const firstWords = (content) => {
    const words = content.trim().split(/\s+/);
    const head = words.slice(0, 6).join(' ');
    return head.length > 60 ? head.slice(0, 60) + '…' : head + (words.length > 6 ? '…' : '');
  };

  const shortDate = (iso) => new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

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

  const renderThreads = () => {
    const items = state.threads.map((thread) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = button.title = labelOf(thread);
      button.classList.toggle('active', thread.id === state.threadId);
      button.addEventListener('click', () => {
        const session = state.session;
        openThread(thread.id).catch((error) => { if (!stale(session)) showChatError(error.message); });
      });
      const item = document.createElement('li');
      item.dataset.id = thread.id;
      item.appendChild(button);
      return item;
    });
    $('threads').replaceChildren(...items);
    $('toggle-threads').textContent = 'Conversations (' + state.threads.length + ')';
    const open = state.threads.find((thread) => thread.id === state.threadId);
    $('thread-title').textContent = open ? labelOf(open) : '';
  };

  const upsertThread = (thread) => {
    const index = state.threads.findIndex((known) => known.id === thread.id);
    if (index < 0) state.threads.unshift(thread); else state.threads[index] = thread;
    renderThreads();
  };

  const loadThreads = async () => {
    const session = state.session;
    const page = await api('GET', '/api/threads?limit=50');
    if (stale(session)) return;
    state.threads = page.items;
    renderThreads();
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
    $('chat').classList.remove('open');
    state.bubbles.clear();
    $('messages').replaceChildren();
    $('content').disabled = $('send').disabled = $('cancel').disabled = true;
    showChatError('');
  };

  /**
   * Subscribes first, then loads the history: no event falls between the two, and the deltas of an answer still
   * being written apply only past the stored content's lastSeq (PROTOCOL.md §5, resuming).
   */
  const openThread = async (threadId) => {
    const session = state.session;
    closeThread();
    state.threadId = threadId;
    $('chat').classList.add('open');
    sessionStorage.setItem(userKey(session, 'openThread'), threadId);
    showThreadList(false);
    renderThreads();
    const early = [];
    let loaded = false;
    const subscription = state.client.subscribe('/topic/threads/' + threadId, (frame) => {
      if (state.subscription !== subscription) return;
      const event = JSON.parse(frame.body);
      if (loaded) onEvent(event); else early.push(event);
    });
    state.subscription = subscription;
    let thread, page;
    try {
      [thread, page] = await Promise.all([api('GET', '/api/threads/' + threadId),
        api('GET', '/api/threads/' + threadId + '/messages?limit=50')]);
    } catch (error) {
      if (!stale(session) && state.threadId === threadId) {
        closeThread();
        renderThreads();
        if (error.status === 404) sessionStorage.removeItem(userKey(session, 'openThread'));
      }
      throw error;
    }
    if (stale(session) || state.subscription !== subscription) return;
    const history = page.items.reverse();
    history.forEach(addBubble);
    loaded = true;
    early.forEach(onEvent);
    $('content').disabled = $('send').disabled = false;
    $('cancel').disabled = !thread.activeRunId;
    upsertThread(thread);
    const first = history.find((message) => message.role === 'user');
    if (!page.next && first) learnFirstWords(threadId, first.content);
  };

  const onEvent = (event) => {
    switch (event.type) {
      case 'message.created': {
        const bubble = state.bubbles.get(event.message.id);
        if (!bubble) addBubble(event.message);
        else {
          textOf(bubble).textContent = event.message.content;
          bubble.classList.toggle('done', event.message.status === 'complete');
        }
        break;
      }
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
      case 'message.delta': {
        const bubble = state.bubbles.get(event.messageId) || addBubble({ id: event.messageId, role: 'assistant',
          content: '', runId: event.runId, attempt: event.attempt, lastSeq: 0 });
        const attempt = Number(bubble.dataset.attempt || 0);
        if (event.attempt < attempt) break; // a late delta of an attempt that was retried
        if (event.attempt > attempt) restartAnswer(bubble, event.attempt);
        if (event.seq <= Number(bubble.dataset.seq)) break; // already in the content loaded with the history
        bubble.dataset.seq = event.seq;
        textOf(bubble).textContent += event.delta;
        bubble.scrollIntoView({ block: 'end' });
        break;
      }
      case 'run.completed':
        $('cancel').disabled = true;
        break;
      case 'run.cancelled':
        $('cancel').disabled = true;
        addNote('stopped', 'Stopped.');
        break;
      case 'run.failed':
        $('cancel').disabled = true;
        addNote('failed', 'The answer failed: ' + event.error.message);
        break;
      case 'feedback.recorded': {
        const bubble = state.bubbles.get(event.messageId);
        if (bubble) markRating(bubble, event.rating);
        break;
      }
      case 'thread.updated':
        if (event.thread) upsertThread(event.thread);
        break;
    }
  };

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
      $('new-thread').disabled = false;
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

  /** Drops everything of the signed-in user: the connection, the open thread, the list and the errors shown. */
  const endSession = () => {
    closeThread();
    if (state.client) state.client.deactivate();
    state.client = null;
    state.session = null;
    state.threads = [];
    $('threads').replaceChildren();
    $('threads').setAttribute('aria-busy', 'false');
    $('thread-title').textContent = '';
    $('toggle-threads').textContent = 'Conversations';
    $('new-thread').disabled = $('toggle-threads').disabled = true;
    $('who').textContent = $('who').title = '';
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
    connect(state.session);
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
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = $('content').value;
    if (!content.trim() || !state.threadId) return;
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
      body: JSON.stringify({ content, clientMessageId: crypto.randomUUID() }),
      headers: { 'content-type': 'application/json' }
    });
    $('content').value = '';
  });
  $('cancel').addEventListener('click', () => {
    state.client.publish({ destination: '/app/threads/' + state.threadId + '/cancel', body: '{}' });
  });

  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  const saved = fromFragment || sessionStorage.getItem(TOKEN_KEY);
  if (fromFragment) history.replaceState(null, '', location.pathname);
  if (saved) startSession(saved);
})();
