// Threadline demo client: REST for threads and history, STOMP for live events (PROTOCOL.md).
// User content is only ever set with textContent, never parsed as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { token: null, client: null, threadId: null, subscription: null, bubbles: new Map() };

  const api = async (method, path, body, token = state.token) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.code || response.statusText);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };

  const showError = (message) => { $('error').textContent = message || ''; };

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

  const rate = async (messageId, rating) => {
    try {
      await api('POST', '/api/threads/' + state.threadId + '/messages/' + messageId + '/feedback', { rating });
    } catch (error) { showError(error.message); }
  };

  const loadThreads = async () => {
    const page = await api('GET', '/api/threads?limit=50');
    const list = $('threads');
    list.replaceChildren();
    for (const thread of page.items) {
      const item = document.createElement('li');
      item.textContent = thread.title;
      item.dataset.id = thread.id;
      item.classList.toggle('active', thread.id === state.threadId);
      item.addEventListener('click', () => openThread(thread.id));
      list.appendChild(item);
    }
  };

  /** Subscribes first, then loads the history: no event falls between the two (PROTOCOL.md §5, resuming). */
  const openThread = async (threadId) => {
    state.threadId = threadId;
    state.bubbles.clear();
    $('messages').replaceChildren();
    if (state.subscription) state.subscription.unsubscribe();
    const early = [];
    let loaded = false;
    state.subscription = state.client.subscribe('/topic/threads/' + threadId, (frame) => {
      const event = JSON.parse(frame.body);
      if (loaded) onEvent(event); else early.push(event);
    });
    const page = await api('GET', '/api/threads/' + threadId + '/messages?limit=50');
    for (const message of page.items.reverse()) addBubble(message);
    loaded = true;
    early.forEach(onEvent);
    $('content').disabled = $('send').disabled = false;
    await loadThreads();
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
        $('cancel').dataset.runId = event.runId;
        break;
      case 'assistant.consulted':
        addNote('consulted', event.from + ' asked ' + event.to + ': ' + event.question);
        break;
      case 'tool.call':
        addNote('tool', event.assistant + ' called ' + event.tool + ' ' + JSON.stringify(event.arguments));
        break;
      case 'message.delta': {
        const bubble = state.bubbles.get(event.messageId)
          || addBubble({ id: event.messageId, role: 'assistant', content: '', attempt: event.attempt, lastSeq: 0 });
        if (bubble.dataset.attempt !== String(event.attempt)) {
          textOf(bubble).textContent = '';
          bubble.dataset.attempt = event.attempt;
          bubble.dataset.seq = 0;
        }
        if (event.seq <= Number(bubble.dataset.seq)) break;
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
    }
  };

  const connect = (token) => {
    state.token = token;
    sessionStorage.setItem('threadline.token', token);
    if (state.client) state.client.deactivate();
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    state.client = new StompJs.Client({
      brokerURL: url,
      connectHeaders: { Authorization: 'Bearer ' + token },
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      reconnectDelay: 2000
    });
    state.client.onConnect = async () => {
      $('status').textContent = 'connected';
      $('new-thread').disabled = false;
      state.client.subscribe('/user/queue/errors', (frame) => showError(JSON.parse(frame.body).message));
      try {
        await loadThreads();
        if (state.threadId) await openThread(state.threadId);
      } catch (error) { showError(error.message); }
    };
    state.client.onStompError = (frame) => {
      $('status').textContent = 'refused';
      showError(frame.headers.message);
      state.client.deactivate();
    };
    state.client.onWebSocketClose = () => {
      if ($('status').textContent !== 'refused') $('status').textContent = 'reconnecting';
    };
    state.client.activate();
  };

  const logIn = async (register) => {
    const credentials = { username: $('username').value.trim(), password: $('password').value };
    try {
      showError('');
      if (register) await api('POST', '/api/auth/register', credentials, null);
      const issued = await api('POST', '/api/auth/token', credentials, null);
      $('password').value = '';
      connect(issued.access_token);
    } catch (error) { showError(error.message); }
  };

  $('login-form').addEventListener('submit', (event) => { event.preventDefault(); logIn(false); });
  $('register').addEventListener('click', () => logIn(true));
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    connect($('token').value.trim());
  });
  $('new-thread').addEventListener('click', async () => {
    try {
      const thread = await api('POST', '/api/threads', { title: 'Conversation ' + new Date().toLocaleTimeString() });
      await openThread(thread.id);
    } catch (error) { showError(error.message); }
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const content = $('content').value;
    if (!content.trim() || !state.threadId) return;
    showError('');
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
  const saved = fromFragment || sessionStorage.getItem('threadline.token');
  if (fromFragment) history.replaceState(null, '', location.pathname);
  if (saved) { $('token').value = saved; connect(saved); }
})();
