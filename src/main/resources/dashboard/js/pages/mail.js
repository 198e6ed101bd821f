// Mail: the human's inbox (unread first), one message with its thread, compose to one or more agents, ack;
// the mail the human sent, with whether each recipient has it stored, notified, seen or acked.
import {h, mount, state, errorText} from '../dom.js';
import {qs} from '../api.js';
import {ago, when} from '../format.js';
import {delivery} from '../delivery.js';

export async function render(view, ctx) {
  if (!ctx.act) return mount(view, h('h1', null, 'Mail'), state.empty('Read-only: this key has no dashboard identity to read mail as.'));
  const [inbox, ws] = await Promise.all([ctx.act.get('/v1/messages/inbox?limit=200'),
    ctx.api.get('/v1/workspaces?limit=200')]);
  const messages = (inbox.messages || []).slice().sort((a, b) =>
    (a.read_at ? 1 : 0) - (b.read_at ? 1 : 0) || String(b.created_at).localeCompare(String(a.created_at)));
  const selected = ctx.id ? messages.find((m) => m.message_id === ctx.id) : null;
  const thread = selected && selected.thread_id
    ? (await ctx.act.get('/v1/messages/inbox' + qs({thread_id: selected.thread_id, limit: 200}))).messages : [];
  if (!ctx.alive()) return;
  const aliases = (ws.workspaces || []).map((w) => w.alias).filter((a) => a !== ctx.me.alias);

  const list = messages.length === 0
    ? state.empty(`No mail for ${ctx.me.alias} yet. Agents write to you with `, h('code', null, `bdh :aweb mail send ${ctx.me.alias} "…"`), '.')
    : h('ul', {class: 'list'}, messages.map((m) => h('li', {class: m.message_id === ctx.id ? 'selected' : '',
      dataset: {message: m.message_id}},
    h('a', {href: `/mail/${m.message_id}`},
      h(m.read_at ? 'span' : 'strong', null, `${m.from_alias}: ${m.subject || '(no subject)'}`),
      h('span', {class: 'sub'}, `${m.read_at ? '' : 'unread · '}${ago(m.created_at)} · ${m.body}`)))));

  let right;
  const sentBox = h('div');
  if (ctx.id && !selected) right = state.empty('This message is not in your inbox.');
  else if (selected) right = message(ctx, selected, thread, aliases);
  else right = [compose(ctx, aliases, {}), sentBox];
  const drawSent = async () => {
    if (selected || ctx.id) return;
    const sent = await ctx.act.get('/v1/messages/sent?limit=50');
    if (!ctx.alive()) return;
    const rows = sent.messages || [];
    mount(sentBox, h('h2', null, 'Sent'), rows.length === 0 ? state.empty('Nothing sent yet.')
      : h('ul', {class: 'list sent'}, rows.map((m) => h('li', {dataset: {sent: m.message_id}},
        h('span', null, `${m.to_alias}: ${m.subject || '(no subject)'}`),
        h('span', {class: 'sub'}, `${ago(m.created_at)} · ${m.priority}`), delivery(m.delivery)))));
  };
  await drawSent();
  if (!ctx.alive()) return;
  mount(view, h('div', {class: 'row'}, h('h1', null, 'Mail'), ctx.id ? h('a', {href: '/mail'}, 'New mail') : null),
    h('div', {class: 'two'}, list, h('section', null, right)));
  const off = ctx.live.on((e) => {
    if (e.type === 'message.delivered' && e.to_alias === ctx.me.alias) ctx.reload();
    else if (e.type === 'message.acknowledged' && e.from_alias === ctx.me.alias) drawSent().catch(() => {});
  });
  return off;
}

function message(ctx, m, thread, aliases) {
  const status = h('p', {role: 'status'});
  const others = thread.filter((t) => t.message_id !== m.message_id);
  return [
    h('h2', null, m.subject || '(no subject)'),
    h('p', {class: 'muted'}, `From ${m.from_alias} · ${when(m.created_at)} · ${m.priority}`,
      m.read_at ? ` · read ${when(m.read_at)}` : ''),
    h('pre', {class: 'text', dataset: {body: ''}}, m.body),
    m.read_at ? null : h('button', {type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      try {
        await ctx.act.post(`/v1/messages/${m.message_id}/ack`);
        ctx.reload();
      } catch (err) {
        status.className = 'state error';
        status.textContent = errorText(err);
        e.target.disabled = false;
      }
    }}, 'Mark as read'),
    status,
    others.length ? [h('h2', null, 'Earlier in this thread'), h('ul', {class: 'messages'}, others.map((t) =>
      h('li', null, h('div', {class: 'meta'}, `${t.from_alias} · ${when(t.created_at)} · ${t.subject || ''}`),
        h('div', {class: 'body'}, t.body))))] : null,
    h('h2', null, 'Reply'),
    compose(ctx, aliases, {to: m.from_alias, subject: /^re:/i.test(m.subject || '') ? m.subject : `Re: ${m.subject || ''}`,
      thread: m.thread_id || m.message_id}),
  ];
}

function compose(ctx, aliases, preset) {
  const listId = 'mail-aliases';
  const to = h('input', {name: 'to', required: true, value: preset.to || '', list: listId,
    placeholder: 'alice-dev, bob-dev', autocomplete: 'off'});
  const subject = h('input', {name: 'subject', value: preset.subject || '', maxlength: 200});
  const body = h('textarea', {name: 'body', required: true, rows: 6});
  const priority = h('select', {name: 'priority'}, ['normal', 'high', 'urgent', 'low'].map((p) => h('option', {value: p}, p)));
  const status = h('p', {role: 'status'});
  const form = h('form', {class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    const recipients = to.value.split(',').map((s) => s.trim()).filter(Boolean);
    const sent = [];
    try {
      for (const alias of recipients) {
        const msg = {to_alias: alias, subject: subject.value, body: body.value, priority: priority.value};
        if (preset.thread) msg.thread_id = preset.thread;
        await ctx.act.post('/v1/messages', msg);
        sent.push(alias);
      }
      status.className = 'notice';
      status.textContent = `Sent to ${sent.join(', ')}.`;
      body.value = '';
    } catch (err) {
      status.className = 'state error';
      status.textContent = `${sent.length ? `Sent to ${sent.join(', ')}; ` : ''}not sent to the rest: ${errorText(err)}`;
    }
  }},
  preset.to ? null : h('h2', null, 'New mail'),
  h('label', null, 'To (aliases, comma-separated)', to),
  h('datalist', {id: listId}, aliases.map((a) => h('option', {value: a}))),
  h('label', null, 'Subject', subject),
  h('label', null, 'Message', body),
  h('label', null, 'Priority', priority),
  h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Send'), status));
  return form;
}
