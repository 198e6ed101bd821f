// Beads: the searchable list, and the Ready and Blocked tabs (blocked beads with their reasons in words).
import {h, mount, state, code, table} from '../dom.js';
import {qs} from '../api.js';
import {repoName} from '../format.js';

const FILTERS = [['q', 'Text'], ['repo', 'Repo'], ['status', 'Status'], ['type', 'Type'], ['assignee', 'Assignee'],
  ['label', 'Label']];
const TABS = [['all', 'All'], ['ready', 'Ready'], ['blocked', 'Blocked']];

export async function render(view, ctx) {
  const tab = TABS.some(([t]) => t === ctx.query.get('tab')) ? ctx.query.get('tab') : 'all';
  const f = Object.fromEntries(FILTERS.map(([k]) => [k, ctx.query.get(k) || '']));
  const [ready, blocked] = await Promise.all([
    ctx.api.get('/v1/beads/ready' + qs({limit: 1000, repo: f.repo, type: f.type, assignee: f.assignee, label: f.label})),
    ctx.api.get('/v1/beads/blocked' + qs({limit: 200, repo: f.repo, type: f.type, assignee: f.assignee, label: f.label})),
  ]);
  let rows;
  if (tab === 'all') {
    rows = (await ctx.api.get('/v1/beads/issues' + qs({limit: 200, q: f.q, repo: f.repo, status: f.status,
      type: f.type, assignee: f.assignee, label: f.label}))).issues;
  } else {
    rows = (tab === 'ready' ? ready : blocked).issues.filter((b) => matchesText(b, f.q));
  }
  if (!ctx.alive()) return;

  const inputs = FILTERS.filter(([k]) => tab === 'all' || (k !== 'status'))
    .map(([k, label]) => h('label', null, label, h('input', {name: k, value: f[k], size: k === 'q' ? 24 : 12,
      type: k === 'q' ? 'search' : 'text'})));
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    ctx.navigate('/beads' + qs({tab: tab === 'all' ? '' : tab, ...data}));
  }}, inputs, h('button', {type: 'submit'}, 'Filter'));
  const counts = {all: null, ready: ready.count, blocked: blocked.count};
  const tabs = h('nav', {class: 'tabs'}, TABS.map(([t, title]) => h('a', {
    href: '/beads' + qs({...f, tab: t === 'all' ? '' : t}), class: t === tab ? 'active' : '', dataset: {tab: t}},
  title, counts[t] === null ? '' : ` (${counts[t]})`)));

  const body = rows.length === 0 ? state.empty(empty(tab, f)) : table(
    ['Bead', 'Title', 'Status', 'Type', 'Priority', 'Repo', tab === 'blocked' ? 'Why blocked' : 'Assignee'],
    rows.map((b) => [
      h('a', {href: beadHref(b)}, b.bead_id),
      b.title || '',
      h('span', {class: `badge ${b.blocked ? 'blocked' : b.status}`}, b.blocked && tab !== 'blocked' ? 'blocked' : b.status),
      b.type || '',
      b.priority ?? '',
      repoName(b.repo),
      tab === 'blocked' ? reasons(b.blocked_reasons) : (b.assignee || b.claimed_by?.alias || ''),
    ]), (i) => ({dataset: {bead: rows[i].bead_id}}));
  mount(view, h('h1', null, 'Beads'), tabs, form, body);
}

function matchesText(b, q) {
  if (!q) return true;
  const needle = q.toLowerCase();
  return `${b.bead_id} ${b.title || ''}`.toLowerCase().includes(needle);
}

function empty(tab, f) {
  if (Object.values(f).some(Boolean)) return 'No beads match these filters.';
  if (tab === 'ready') return 'Nothing is ready: every open bead is claimed or blocked.';
  if (tab === 'blocked') return 'Nothing is blocked.';
  return ['No beads yet — they arrive when an agent runs ', code('bdh'), ' in a repo with a ', code('.beads'), ' folder.'];
}

export function beadHref(b) {
  return `/beads/${encodeURIComponent(b.bead_id)}` + (b.repo ? qs({repo: b.repo}) : '');
}

/** Each reason's own words ("blocked by bd-12 (open)"), one per line. */
export function reasons(list) {
  if (!list || list.length === 0) return h('span', {class: 'muted'}, '—');
  return h('ul', {class: 'reasons'}, list.map((r) => h('li', null, r.detail || r.kind)));
}
