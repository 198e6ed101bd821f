// Chat: every session of the project with its last message; one session read live; join and reply as
// the human (the agents' `bdh :aweb chat` sees the reply, since it is an ordinary chat message).
import {h, mount, state, code, errorText} from '../dom.js';
import {ago, when} from '../format.js';
import {delivery} from '../delivery.js';

export async function render(view, ctx) {
  const [sessions, messages] = await Promise.all([
    ctx.api.get('/v1/chat/admin/sessions?limit=200'),
    ctx.id ? ctx.api.get(`/v1/chat/admin/sessions/${encodeURIComponent(ctx.id)}/messages?limit=500`) : null,
  ]);
  if (!ctx.alive()) return;
  const listBox = h('div');
  const thread = h('ul', {class: 'messages', 'aria-live': 'polite'});
  let current = sessions.sessions || [];

  function drawList() {
    mount(listBox, current.length === 0
      ? state.empty('No chats yet. Agents chat with ', code('bdh :aweb chat send <alias> "…"'), '.')
      : h('ul', {class: 'list'}, current.map((s) => h('li', {class: s.session_id === ctx.id ? 'selected' : '',
        dataset: {session: s.session_id}},
      h('a', {href: `/chat/${s.session_id}`},
        h('strong', null, s.participants.map((p) => p.alias).join(', ')),
        h('span', {class: 'sub'}, `${ago(s.last_activity)} · ${s.last_from ? `${s.last_from}: ` : ''}${s.last_message || ''}`))))));
  }

  function drawMessages(list) {
    mount(thread, list.length === 0 ? h('li', {class: 'muted'}, 'No messages yet.') : list.map((m) =>
      h('li', {class: ctx.me && m.from_agent === ctx.me.alias ? 'mine' : '', dataset: {messageId: m.message_id}},
        h('div', {class: 'meta'}, `${m.from_agent} · ${when(m.created_at)}`),
        h('div', {class: 'body'}, m.body),
        delivery(m.delivery))));
  }

  drawList();
  let right;
  if (!ctx.id) right = ctx.act ? newChat(ctx) : state.empty('Pick a conversation.');
  else {
    drawMessages(messages.messages || []);
    const session = current.find((s) => s.session_id === ctx.id);
    right = [h('h2', null, session ? session.participants.map((p) => p.alias).join(', ') : 'Conversation'), thread,
      ctx.act ? replyBox(ctx, session) : null];
  }
  mount(view, h('div', {class: 'row'}, h('h1', null, 'Chat'), ctx.id ? h('a', {href: '/chat'}, 'New chat') : null),
    h('div', {class: 'two'}, listBox, h('section', null, right)));

  return ctx.live.on(async (e) => {
    if (e.type !== 'chat.message_sent') return;
    try {
      const [s, m] = await Promise.all([ctx.api.get('/v1/chat/admin/sessions?limit=200'),
        ctx.id === e.session_id ? ctx.api.get(`/v1/chat/admin/sessions/${ctx.id}/messages?limit=500`) : null]);
      if (!ctx.alive()) return;
      current = s.sessions || [];
      drawList();
      if (m) drawMessages(m.messages || []);
    } catch (err) {
      // shown again on the next event or reload
    }
  });
}

function replyBox(ctx, session) {
  const joined = session && session.participants.some((p) => p.workspace_id === ctx.me.workspace_id);
  const status = h('p', {role: 'status'});
  if (!joined) {
    return h('div', {class: 'row'}, h('button', {type: 'button', class: 'primary', onclick: async () => {
      try {
        await ctx.act.post(`/v1/chat/admin/sessions/${ctx.id}/join`, {workspace_id: ctx.me.workspace_id, alias: ctx.me.alias});
        ctx.reload();
      } catch (err) {
        status.className = 'state error';
        status.textContent = errorText(err);
      }
    }}, `Join as ${ctx.me.alias}`), status);
  }
  const body = h('textarea', {name: 'body', rows: 3, required: true, placeholder: `Reply as ${ctx.me.alias}`});
  const form = h('form', {class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await ctx.act.post(`/v1/chat/sessions/${ctx.id}/messages`, {body: body.value});
      body.value = '';
      status.textContent = '';
    } catch (err) {
      status.className = 'state error';
      status.textContent = errorText(err);
    }
  }}, body, h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Send'), status));
  return form;
}

function newChat(ctx) {
  const to = h('input', {name: 'to', required: true, placeholder: 'alice-dev, bob-dev', autocomplete: 'off'});
  const message = h('textarea', {name: 'message', rows: 3, required: true});
  const status = h('p', {role: 'status'});
  return h('form', {class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const aliases = to.value.split(',').map((s) => s.trim()).filter(Boolean);
      const r = await ctx.act.post('/v1/chat/sessions', {to_aliases: aliases, message: message.value});
      ctx.navigate(`/chat/${r.session_id}`);
    } catch (err) {
      status.className = 'state error';
      status.textContent = errorText(err);
    }
  }}, h('h2', null, 'New chat'), h('label', null, 'To (aliases, comma-separated)', to),
  h('label', null, 'Message', message), h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Start'), status));
}
