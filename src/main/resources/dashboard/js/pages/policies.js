// Policies: the active policy as text per role, its history, edit as a new version (with the version it
// was based on, so a concurrent edit is refused, not overwritten), activate an older one, reset.
import {h, mount, state, table, errorText} from '../dom.js';
import {when} from '../format.js';

export async function render(view, ctx) {
  const [policy, history] = await Promise.all([
    ctx.api.get(ctx.id ? `/v1/policies/${encodeURIComponent(ctx.id)}` : '/v1/policies/active'),
    ctx.api.get('/v1/policies/history?limit=100')]);
  if (!ctx.alive()) return;
  const active = (history.policies || []).find((p) => p.is_active);
  const isActive = active && active.policy_id === policy.policy_id;
  const status = h('p', {role: 'status'});
  const editor = h('div');
  const fail = (err) => {
    status.className = 'state error';
    status.textContent = errorText(err);
  };

  const actions = !ctx.act ? null : h('div', {class: 'row'},
    isActive ? h('button', {type: 'button', class: 'primary', onclick: () => {
      mount(editor, edit(ctx, policy, status));
      editor.scrollIntoView();
    }}, 'Edit') : h('button', {type: 'button', class: 'primary', onclick: async () => {
      if (!window.confirm(`Make version ${policy.version} the active policy?`)) return;
      try {
        await ctx.act.post(`/v1/policies/${policy.policy_id}/activate`);
        ctx.navigate('/policies');
      } catch (err) {
        fail(err);
      }
    }}, `Activate version ${policy.version}`),
    h('button', {type: 'button', class: 'danger', onclick: async () => {
      if (!window.confirm('Reset the policy to the built-in defaults? This creates and activates a new version.')) return;
      try {
        await ctx.act.post('/v1/policies/reset');
        ctx.navigate('/policies');
      } catch (err) {
        fail(err);
      }
    }}, 'Reset to defaults'));

  mount(view,
    h('h1', null, `Policy version ${policy.version}`, isActive ? h('span', {class: 'badge responded'}, ' active') : null),
    h('p', {class: 'muted'}, `Updated ${when(policy.updated_at)}`), actions, status, editor,
    h('h2', null, 'Invariants (every role)'),
    (policy.invariants || []).length === 0 ? state.empty('No invariants.') : (policy.invariants || []).map((i) =>
      h('section', {dataset: {invariant: i.id}}, h('h3', null, `${i.title || i.id} `, h('span', {class: 'muted'}, i.id)),
        h('pre', {class: 'text'}, i.body_md || ''))),
    h('h2', null, 'Roles'),
    Object.keys(policy.roles || {}).length === 0 ? state.empty('No role playbooks.') : Object.entries(policy.roles).map(([name, r]) =>
      h('section', {dataset: {role: name}}, h('h3', null, `${name}: ${r.title || ''}`), h('pre', {class: 'text'}, r.playbook_md || ''))),
    h('h2', null, 'History'),
    table(['Version', 'Created', 'By workspace', ''], (history.policies || []).map((p) => [
      h('a', {href: `/policies/${p.policy_id}`}, `v${p.version}`),
      when(p.created_at),
      p.created_by_workspace_id || '—',
      p.is_active ? h('span', {class: 'badge responded'}, 'active') : '',
    ])));
}

/** The edit form: one text box per invariant and role, saved as a new version based on this one. */
function edit(ctx, policy, status) {
  const invariants = (policy.invariants || []).map((i) => ({i, box: h('textarea', {rows: 6, name: `inv-${i.id}`, value: i.body_md || ''})}));
  const roles = Object.entries(policy.roles || {}).map(([name, r]) => ({name, r,
    box: h('textarea', {rows: 8, name: `role-${name}`, value: r.playbook_md || ''})}));
  const form = h('form', {class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    const bundle = {
      invariants: invariants.map(({i, box}) => ({...i, body_md: box.value})),
      roles: Object.fromEntries(roles.map(({name, r, box}) => [name, {...r, playbook_md: box.value}])),
      adapters: policy.adapters || {},
    };
    try {
      const created = await ctx.act.post('/v1/policies', {bundle, base_policy_id: policy.policy_id});
      await ctx.act.post(`/v1/policies/${created.policy_id}/activate`);
      ctx.reload();
    } catch (err) {
      status.className = 'state error';
      if (err.status === 409) {
        mount(status, 'The policy changed since you opened it; nothing was saved. ',
          h('button', {type: 'button', onclick: () => ctx.reload()}, 'Reload'), ' to see the current version.');
      } else {
        status.textContent = errorText(err);
      }
    }
  }},
  h('h2', null, `Edit (saved as a new version based on version ${policy.version})`),
  invariants.map(({i, box}) => h('label', null, `${i.title || i.id}`, box)),
  roles.map(({name, box}) => h('label', null, `Role ${name}`, box)),
  h('div', {class: 'row'}, h('button', {type: 'submit', class: 'primary'}, 'Save as new version'),
    h('button', {type: 'button', onclick: () => form.remove()}, 'Cancel')));
  return form;
}
