// Threadline demo client: REST for threads and history, STOMP for live events (PROTOCOL.md).
// User content is only ever set with textContent, never parsed as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const state = { token: null, client: null, threadId: null, subscription: null, activeRunId: null, bubbles: new Map() };

  const api = async (method, path, body) => {
    const response = await fetch(path, {
      method,
      headers: { 'Authorization': 'Bearer ' + state.token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.code || response.statusText);
    }
    return response.status === 204 ? null : response.json();
  };

  const showError = (message) => { $('error').textContent = message || ''; };

  const addBubble = (role, text, key) => {
    const item = document.createElement('li');
    item.className = role;
    item.textContent = text;
    $('messages').appendChild(item);
    if (key) state.bubbles.set(key, item);
    item.scrollIntoView({ block: 'end' });
    return item;
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

  const openThread = async (threadId) => {
    state.threadId = threadId;
    state.bubbles.clear();
    $('messages').replaceChildren();
    if (state.subscription) state.subscription.unsubscribe();
    state.subscription = state.client.subscribe('/topic/threads/' + threadId, (frame) => onEvent(JSON.parse(frame.body)));
    const page = await api('GET', '/api/threads/' + threadId + '/messages?limit=50');
    for (const message of page.items.reverse()) {
      addBubble(message.role, message.content, message.id).dataset.seq = message.lastSeq;
    }
    $('content').disabled = $('send').disabled = false;
    await loadThreads();
  };

  const onEvent = (event) => {
    switch (event.type) {
      case 'message.created':
        if (event.message.role === 'user' && !state.bubbles.has(event.message.id)) {
          addBubble('user', event.message.content, event.message.id);
        } else if (event.message.role === 'assistant') {
          const bubble = state.bubbles.get(event.message.id) || addBubble('assistant', '', event.message.id);
          bubble.textContent = event.message.content;
        }
        break;
      case 'run.started':
        state.activeRunId = event.runId;
        $('cancel').disabled = false;
        break;
      case 'message.delta': {
        const bubble = state.bubbles.get(event.messageId) || addBubble('assistant', '', event.messageId);
        if (bubble.dataset.attempt !== String(event.attempt)) {
          bubble.textContent = '';
          bubble.dataset.attempt = event.attempt;
        }
        bubble.textContent += event.delta;
        bubble.scrollIntoView({ block: 'end' });
        break;
      }
      case 'run.completed':
      case 'run.cancelled':
        $('cancel').disabled = true;
        if (event.type === 'run.cancelled') addBubble('note', 'Stopped.');
        break;
      case 'run.failed':
        $('cancel').disabled = true;
        addBubble('note', 'The answer failed: ' + event.error.message);
        break;
    }
  };

  const connect = (token) => {
    state.token = token;
    localStorage.setItem('threadline.token', token);
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
    state.client.onWebSocketClose = () => { $('status').textContent = 'reconnecting'; };
    state.client.activate();
  };

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
  const saved = fromFragment || localStorage.getItem('threadline.token');
  if (fromFragment) history.replaceState(null, '', location.pathname);
  if (saved) { $('token').value = saved; connect(saved); }
})();
