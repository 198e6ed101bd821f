// One bead: its record, dependencies both ways, who holds it, and molecule progress for epics.
import {h, mount, state, table} from '../dom.js';
import {qs, ApiError} from '../api.js';
import {when, repoName} from '../format.js';
import {beadHref, reasons} from './beads.js';

export async function render(view, ctx) {
  const repo = ctx.query.get('repo') || '';
  const id = ctx.id;
  let bead;
  try {
    bead = await ctx.api.get(`/v1/beads/issues/${encodeURIComponent(id)}` + qs({repo, full: true}));
  } catch (e) {
    if (e.status !== 404) throw e;
    if (!ctx.alive()) return;
    return mount(view, h('h1', null, id), state.empty(`No bead ${id} in this project.`, ' ',
      h('a', {href: '/beads'}, 'All beads')));
  }
  const [claims, children, progress] = await Promise.all([
    ctx.api.get('/v1/claims' + qs({bead_id: id, limit: 50})),
    ctx.api.get('/v1/beads/issues' + qs({parent: id, repo: bead.repo, limit: 200})).catch(() => ({issues: []})),
    ctx.api.get(`/v1/beads/molecules/${encodeURIComponent(id)}/progress` + qs({repo: bead.repo}))
      .catch((e) => (e instanceof ApiError && e.status < 500 ? null : Promise.reject(e))),
  ]);
  if (!ctx.alive()) return;
  const holders = (claims.claims || []).filter((c) => !c.repo || c.repo === bead.repo);
  const record = bead.record || {};
  mount(view,
    h('p', null, h('a', {href: '/beads'}, '← Beads')),
    h('h1', null, `${bead.bead_id} `, h('span', {class: 'muted'}, bead.title || '')),
    h('dl', {class: 'record'},
      field('Status', h('span', {class: `badge ${bead.blocked ? 'blocked' : bead.status}`}, bead.blocked ? `blocked (${bead.status})` : bead.status)),
      field('Type', bead.type), field('Priority', bead.priority), field('Repo', `${repoName(bead.repo)} @ ${bead.branch}`),
      field('Assignee', bead.assignee || '—'),
      field('Held by', holders.length ? holders.map((c) => `${c.alias} (${c.human_name || ''}) since ${when(c.claimed_at)}`).join('; ') : 'nobody'),
      field('Labels', (bead.labels || []).join(', ') || '—'),
      field('Created', when(bead.created_at)), field('Updated', when(bead.updated_at)),
      bead.blocked ? field('Why blocked', reasons(bead.blocked_reasons)) : null),
    bead.description ? [h('h2', null, 'Description'), h('pre', {class: 'text'}, bead.description)] : null,
    progress ? molecule(progress) : null,
    h('h2', null, 'Depends on'),
    edges(bead.dependencies || (record.dependencies || []).map((d) => ({type: d.type, target_raw: d.depends_on_id}))),
    h('h2', null, 'Needed by'),
    dependents(bead.dependents || [], children.issues || []),
    h('h2', null, 'Record'),
    h('pre', {class: 'text'}, JSON.stringify(record, null, 2)));
}

function field(name, value) {
  return [h('dt', null, name), h('dd', null, value ?? '—')];
}

function edges(list) {
  if (!list.length) return h('p', {class: 'muted'}, 'No dependencies.');
  return table(['Type', 'Bead', 'Resolution'], list.map((d) => [d.type || '',
    d.target ? h('a', {href: beadHref(d.target)}, d.target.bead_id) : (d.target_raw || ''), d.resolution || '']));
}

function dependents(list, children) {
  const rows = list.map((d) => [d.type, h('a', {href: beadHref(d)}, d.bead_id), repoName(d.repo)]);
  for (const c of children) {
    if (!list.some((d) => d.bead_id === c.bead_id && d.repo === c.repo)) {
      rows.push(['parent-child', h('a', {href: beadHref(c)}, c.bead_id), repoName(c.repo)]);
    }
  }
  return rows.length ? table(['Type', 'Bead', 'Repo'], rows) : h('p', {class: 'muted'}, 'Nothing depends on it.');
}

function molecule(p) {
  if (!p.total) return null;
  const bar = h('span');
  bar.style.width = `${p.percent || 0}%`; // CSSOM, which the CSP allows (a style attribute it would not)
  return [h('h2', null, 'Progress'),
    h('p', null, `${p.done} of ${p.total} done, ${p.in_progress} in progress, ${p.ready} ready, ${p.blocked} blocked (${p.percent}%)`),
    h('div', {class: 'progress', role: 'progressbar', 'aria-valuenow': p.percent, 'aria-valuemin': 0, 'aria-valuemax': 100},
      bar),
    p.next_ready_step ? h('p', null, 'Next ready: ', h('a', {href: beadHref(p.next_ready_step)}, p.next_ready_step.bead_id),
      ` ${p.next_ready_step.title || ''}`) : null];
}
