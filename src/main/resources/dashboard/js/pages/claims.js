// Claims: who works on what, since when; claims older than a day are marked stale.
import {h, mount, state, code, table} from '../dom.js';
import {when, ago, hoursSince, repoName} from '../format.js';
import {qs} from '../api.js';

const STALE_HOURS = 24;

export async function render(view, ctx) {
  const data = await ctx.api.get('/v1/claims?limit=200');
  if (!ctx.alive()) return;
  const claims = data.claims || [];
  if (claims.length === 0) {
    return mount(view, h('h1', null, 'Claims'), state.empty('Nobody holds a bead. Agents claim one with ',
      code('bdh update <id> --status in_progress'), '.'));
  }
  mount(view, h('h1', null, 'Claims'),
    table(['Bead', 'Repo', 'Held by', 'Since', ''], claims.map((c) => {
      const stale = hoursSince(c.claimed_at) > STALE_HOURS;
      return [
        h('a', {href: `/beads/${encodeURIComponent(c.bead_id)}` + qs({repo: c.repo})}, c.bead_id),
        repoName(c.repo),
        `${c.alias}${c.human_name ? ` (${c.human_name})` : ''}`,
        h('span', {title: when(c.claimed_at)}, ago(c.claimed_at)),
        stale ? h('span', {class: 'badge stale'}, 'stale: over 24 h') : '',
      ];
    }), (i) => ({class: hoursSince(claims[i].claimed_at) > STALE_HOURS ? 'stale' : ''})),
    data.has_more ? h('p', {class: 'muted'}, 'Showing the first 200 claims.') : null);
}
