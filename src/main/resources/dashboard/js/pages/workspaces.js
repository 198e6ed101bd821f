// Workspaces: every workspace with its presence; soft delete and restore, each after a confirmation.
import {h, mount, state, code, table, errorText} from '../dom.js';
import {ago, when, repoName} from '../format.js';

export async function render(view, ctx) {
  const data = await ctx.api.get('/v1/workspaces?include_deleted=true&limit=200');
  if (!ctx.alive()) return;
  const all = data.workspaces || [];
  const notice = h('p', {role: 'status'});
  if (all.length === 0) {
    return mount(view, h('h1', null, 'Workspaces'), state.empty('No workspaces yet — run ', code('bdh :init'), ' in a worktree.'));
  }
  const act = async (w, verb) => {
    const what = verb === 'delete'
      ? `Delete workspace ${w.alias}? Its claims are released and its keys stop working. You can restore it later.`
      : `Restore workspace ${w.alias}?`;
    if (!window.confirm(what)) return;
    try {
      if (verb === 'delete') await ctx.act.del(`/v1/workspaces/${w.workspace_id}`);
      else await ctx.act.post(`/v1/workspaces/${w.workspace_id}/restore`);
      ctx.reload();
    } catch (e) {
      notice.className = 'state error';
      notice.textContent = `Could not ${verb} ${w.alias}: ${errorText(e)}`;
    }
  };
  mount(view, h('h1', null, 'Workspaces'), notice,
    table(['Alias', 'Human', 'Role', 'Repo', 'Host / path', 'Presence', 'Last seen', ''], all.map((w) => [
      h('strong', null, w.alias),
      w.human_name || '',
      w.role || '',
      repoName(w.repo) + (w.branch ? ` @ ${w.branch}` : ''),
      h('span', {class: 'mono'}, [w.hostname, w.workspace_path].filter(Boolean).join(':')),
      w.deleted_at ? h('span', {class: 'badge'}, `deleted ${when(w.deleted_at)}`)
        : h('span', {class: `presence ${w.status || 'offline'}`}, w.status || 'offline'),
      ago(w.last_seen),
      !ctx.act ? '' : w.deleted_at
        ? h('button', {type: 'button', onclick: () => act(w, 'restore')}, 'Restore')
        : h('button', {type: 'button', class: 'danger', onclick: () => act(w, 'delete')}, 'Delete'),
    ]), (i) => ({class: all[i].deleted_at ? 'deleted' : '', dataset: {alias: all[i].alias}})));
}
