// Server-sent events read with fetch(), because EventSource cannot send the Authorization header.
// After a drop it reconnects with Last-Event-ID = the id of the last frame seen; frames at or below that
// id are dropped, so a replay that overlaps what was shown never shows twice (the status stream's ids
// are commit-ordered and gap-free, docs/events.md).

/**
 * Opens `url` and keeps it open until `close()`.
 * options: key, lastEventId (start after it; null = live only), onEvent(data, id), onState('live' |
 * 'connecting' | 'reconnecting'), onUnauthorized(reason).
 */
export function openStream(url, options) {
  const {key, onEvent, onState = () => {}, onUnauthorized = () => {}} = options;
  let lastId = options.lastEventId ?? null;
  let stopped = false;
  let controller = null;
  let delay = 500;
  let first = true;

  async function connect() {
    while (!stopped) {
      onState(first ? 'connecting' : 'reconnecting');
      first = false;
      controller = new AbortController();
      const headers = {Authorization: `Bearer ${key}`, Accept: 'text/event-stream'};
      if (lastId !== null) headers['Last-Event-ID'] = String(lastId);
      try {
        const res = await fetch(url, {headers, signal: controller.signal, cache: 'no-store'});
        if (res.status === 401) {
          const body = await res.json().catch(() => ({}));
          stopped = true;
          onUnauthorized(body.detail || 'The key was refused');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('live');
        delay = 500;
        await read(res.body);
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10000);
    }
  }

  async function read(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true}).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        frame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function frame(text) {
    let id = null;
    const data = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) return;
    const n = id === null ? null : Number(id);
    if (n !== null && Number.isFinite(n)) {
      if (lastId !== null && n <= lastId) return;
      lastId = n;
    }
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    onEvent(parsed, n);
  }

  connect();
  return {
    close() {
      stopped = true;
      if (controller) controller.abort();
    },
    /** Drops the connection as a network failure would (tests use it to check the reconnect). */
    drop() {
      if (controller) controller.abort();
    },
    lastEventId: () => lastId,
  };
}
