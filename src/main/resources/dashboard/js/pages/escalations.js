// Escalations: pending first, then answered and expired; one escalation with its situation and options,
// answered with an option or free text plus a note (the agent gets the answer as mail).
import {h, mount, state, code, table, errorText} from '../dom.js';
import {ago, when} from '../format.js';

const ORDER = {pending: 0, responded: 1, expired: 2};

export async function render(view, ctx) {
  if (ctx.id) return detail(view, ctx);
  const data = await ctx.api.get('/v1/escalations?limit=200');
  if (!ctx.alive()) return;
  const rows = (data.escalations || []).slice().sort((a, b) =>
    (ORDER[a.status] ?? 3) - (ORDER[b.status] ?? 3) || String(b.created_at).localeCompare(String(a.created_at)));
  mount(view, h('h1', null, 'Escalations'), rows.length === 0
    ? state.empty('No escalations. An agent asks a human to decide with ', code('bdh :escalate "<subject>" "<situation>"'), '.')
    : table(['Subject', 'From', 'Status', 'Asked', 'Expires'], rows.map((e) => [
      h('a', {href: `/escalations/${e.escalation_id}`}, e.subject),
      e.alias,
      h('span', {class: `badge ${e.status}`}, e.status),
      ago(e.created_at),
      e.status === 'pending' ? ago(e.expires_at) : '—',
    ]), (i) => ({dataset: {escalation: rows[i].escalation_id}})));
  return ctx.live.on((e) => {
    if (String(e.type).startsWith('escalation.')) ctx.reload();
  });
}

async function detail(view, ctx) {
  const e = await ctx.api.get(`/v1/escalations/${encodeURIComponent(ctx.id)}`);
  if (!ctx.alive()) return;
  mount(view,
    h('p', null, h('a', {href: '/escalations'}, '← Escalations')),
    h('h1', null, e.subject),
    h('dl', {class: 'record'},
      h('dt', null, 'Status'), h('dd', null, h('span', {class: `badge ${e.status}`, dataset: {status: e.status}}, e.status)),
      h('dt', null, 'From'), h('dd', null, e.alias),
      h('dt', null, 'Asked'), h('dd', null, when(e.created_at)),
      h('dt', null, e.status === 'pending' ? 'Expires' : 'Expired at'), h('dd', null, when(e.expires_at)),
      e.response !== null ? [h('dt', null, 'Answer'), h('dd', {dataset: {answer: ''}}, e.response)] : null,
      e.response_note ? [h('dt', null, 'Note'), h('dd', null, e.response_note)] : null,
      e.responded_at ? [h('dt', null, 'Answered'), h('dd', null, when(e.responded_at))] : null),
    h('h2', null, 'Situation'),
    h('pre', {class: 'text'}, e.situation),
    e.options && e.options.length ? [h('h2', null, 'Options'), h('ul', null, e.options.map((o) => h('li', null, o)))] : null,
    e.status === 'pending' && ctx.act ? answer(ctx, e) : null);
}

function answer(ctx, e) {
  const options = e.options || [];
  const choices = options.map((o, i) => h('label', {class: 'row'},
    h('input', {type: 'radio', name: 'choice', value: o, checked: i === 0}), o));
  const other = h('input', {type: 'radio', name: 'choice', value: '', checked: options.length === 0});
  const free = h('input', {name: 'free', placeholder: 'Your answer', maxlength: 4096});
  const note = h('textarea', {name: 'note', rows: 3, placeholder: 'A note for the agent (optional)'});
  const status = h('p', {role: 'status'});
  free.addEventListener('focus', () => {
    other.checked = true;
  });
  const form = h('form', {class: 'stack', onsubmit: async (ev) => {
    ev.preventDefault();
    const chosen = form.querySelector('input[name=choice]:checked');
    const response = chosen && chosen.value ? chosen.value : free.value.trim();
    if (!response) {
      status.className = 'state error';
      status.textContent = 'Choose an option or write an answer.';
      return;
    }
    try {
      await ctx.act.post(`/v1/escalations/${e.escalation_id}/respond`, note.value.trim()
        ? {response, note: note.value.trim()} : {response});
      ctx.reload();
    } catch (err) {
      status.className = 'state error';
      status.textContent = errorText(err);
    }
  }},
  h('h2', null, `Answer as ${ctx.me.alias}`),
  choices,
  h('label', {class: 'row'}, other, 'Other: ', free),
  h('label', null, 'Note', note),
  h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Send answer'), status));
  return form;
}
