// Status: who is online, what each holds, what mail waits for each, conflicts, pending escalations, and the
// live event feed.
import {h, mount, state, code, table} from '../dom.js';
import {ago, repoName} from '../format.js';
import {describe, category} from '../events.js';

export async function render(view, ctx) {
  const [status, ws, attn] = await Promise.all([ctx.api.get('/v1/status'), ctx.api.get('/v1/workspaces?limit=200'),
    attention(ctx)]);
  if (!ctx.alive()) return;
  const summary = h('section', {class: 'cards'});
  const agents = h('section', {'aria-label': 'Agents'});
  const conflicts = h('section');
  const list = h('ol', {class: 'feed', 'aria-live': 'polite'});
  const feed = h('section', {class: 'feed-box'}, h('h2', null, 'Live events'), list);
  mount(view, h('h1', null, 'Status'), summary, h('div', {class: 'split'}, h('div', null, agents, conflicts), feed));

  function draw(s, workspaces, attn) {
    const waiting = new Map((attn.agents || []).map((a) => [a.alias, a]));
    const holds = new Map();
    for (const c of s.claims || []) {
      if (!holds.has(c.workspace_id)) holds.set(c.workspace_id, []);
      holds.get(c.workspace_id).push(c);
    }
    const online = workspaces.filter((w) => w.status !== 'offline').length;
    mount(summary,
      card('Agents online', `${online} / ${workspaces.length}`, '/workspaces'),
      card('Claims', (s.claims || []).length, '/claims'),
      card('Conflicts', (s.conflicts || []).length, null, (s.conflicts || []).length ? 'warn' : ''),
      card('Pending escalations', s.escalations_pending || 0, '/escalations', s.escalations_pending ? 'warn' : ''));
    mount(agents, h('h2', null, 'Agents'), workspaces.length === 0
      ? state.empty('No agents yet — run ', code('bdh :init'), ' in a worktree.')
      : table(['Agent', 'Human', 'Role', 'Repo', 'Holds', 'Attention', 'Last seen', 'Presence'], workspaces.map((w) => [
        h('strong', null, w.alias),
        w.human_name || '',
        w.role || '',
        repoName(w.repo) + (w.branch ? ` @ ${w.branch}` : ''),
        holdings(holds.get(w.workspace_id) || [], w),
        unread(waiting.get(w.alias)),
        ago(w.last_seen),
        h('span', {class: `presence ${w.status || 'offline'}`}, w.status || 'offline'),
      ]), (i) => ({dataset: {alias: workspaces[i].alias}})));
    mount(conflicts, (s.conflicts || []).length === 0 ? null : [h('h2', null, 'Conflicts'),
      h('ul', null, s.conflicts.map((c) => h('li', null,
        h('a', {href: `/beads/${encodeURIComponent(c.bead_id)}`}, c.bead_id), ' is claimed by ',
        (c.claimants || []).map((x) => x.alias).join(', '))))]);
  }

  function line(e, id) {
    return h('li', {class: `event ${category(e)}`, dataset: {eventId: id ?? ''}},
      h('time', {datetime: e.timestamp || ''}, ago(e.timestamp)), ' ', h('span', null, describe(e)));
  }

  draw(status, ws.workspaces || [], attn);
  const recent = ctx.live.recent();
  if (recent.length === 0) list.appendChild(h('li', {class: 'state empty'}, 'No events yet. They appear here as agents work.'));
  for (const {data, id} of recent) list.appendChild(line(data, id));

  let timer = null;
  const off = ctx.live.on((e, id) => {
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    list.prepend(line(e, id));
    while (list.children.length > 200) list.lastChild.remove();
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const [s, w, a] = await Promise.all([ctx.api.get('/v1/status'), ctx.api.get('/v1/workspaces?limit=200'),
          attention(ctx)]);
        if (ctx.alive()) draw(s, w.workspaces || [], a);
      } catch (err) {
        // the next event retries; a 401 has already signed out
      }
    }, 500);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

function card(title, value, href, tone) {
  const body = [h('span', {class: 'value'}, String(value)), h('span', {class: 'label'}, title)];
  return href ? h('a', {class: `card stat ${tone || ''}`, href}, body) : h('div', {class: `card stat ${tone || ''}`}, body);
}

function holdings(claims, w) {
  const items = claims.map((c) => h('a', {href: `/beads/${encodeURIComponent(c.bead_id)}`, title: c.title || ''}, c.bead_id));
  if (w.focus_apex_id) items.push(h('span', {class: 'muted'}, ` focus ${w.focus_apex_id}`));
  return items.length ? items : h('span', {class: 'muted'}, '—');
}

/** Unread mail per agent; a public reader may not read it, and the column then stays empty. */
function attention(ctx) {
  return ctx.api.get('/v1/dashboard/attention').catch(() => ({agents: []}));
}

/** The agent's unread mail (urgent counted apart), or a dash. */
function unread(a) {
  if (!a || !a.unread_mail) return h('span', {class: 'muted'}, '—');
  return h('span', {class: `badge ${a.urgent_mail ? 'pending' : ''}`, dataset: {attention: a.unread_mail}},
    `${a.unread_mail} unread${a.urgent_mail ? ` · ${a.urgent_mail} urgent` : ''}`);
}
