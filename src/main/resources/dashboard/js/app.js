// The dashboard's shell: sign-in, the human's identity, the layout, the live event feed and the router.
import {h, mount, state, code, errorText} from './dom.js';
import {client} from './api.js';
import * as session from './session.js';
import {openStream} from './sse.js';
import {startRouter, navigate, match} from './router.js';

const NAV = [['/status', 'Status'], ['/beads', 'Beads'], ['/workspaces', 'Workspaces'], ['/claims', 'Claims'],
  ['/mail', 'Mail'], ['/chat', 'Chat'], ['/escalations', 'Escalations'], ['/policies', 'Policies']];
const HUMAN_NAME = /^[A-Za-z][A-Za-z0-9 '\-]{0,63}$/;
const FEED_SIZE = 200;

const root = document.getElementById('app');
let stream = null;

// A page left for another keeps no stream open (the browser allows only six connections per server);
// one restored from the back-forward cache starts afresh.
window.addEventListener('pagehide', () => {
  if (stream) stream.close();
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted) location.reload();
});

boot();

async function boot() {
  const bad = session.takeKeyFromFragment();
  const key = session.storedKey();
  if (!key) return signInScreen(bad || session.signOutReason());
  const api = client(key, expire);
  mount(root, state.loading('beadhub'));
  let me;
  let project;
  let config;
  try {
    [me, project, config] = await Promise.all([api.get('/v1/auth/introspect'), api.get('/v1/projects/current'),
      fetch('/v1/dashboard/config').then((r) => r.json()).catch(() => ({}))]);
  } catch (e) {
    if (e.status !== 401) mount(root, state.error(e, boot));
    return;
  }
  const human = await humanIdentity(api, me, config);
  if (human === undefined) return askName(api, me, project);
  start(api, me, project, human);
}

/** The stored or freshly minted identity; null when this key may not act (read-only); undefined: ask. */
async function humanIdentity(api, me, config, name, alias) {
  if (me.agent_type === 'human') {
    return {api_key: api.key, alias: me.alias, workspace_id: me.agent_id, human_name: me.human_name};
  }
  const stored = session.storedHuman();
  if (stored && !name) return stored;
  const who = name || (config && config.human_name) || me.human_name;
  if (!who || !HUMAN_NAME.test(who)) return undefined;
  try {
    const id = await api.post('/v1/dashboard/identity', alias ? {human_name: who, alias} : {human_name: who});
    session.storeHuman(id);
    return id;
  } catch (e) {
    if (e.status === 403) return null;
    if (name) throw e;
    return undefined;
  }
}

function askName(api, me, project, error) {
  const input = h('input', {name: 'human_name', required: true, maxlength: 64, autocomplete: 'name',
    placeholder: 'Your name', value: me.human_name || ''});
  const alias = h('input', {name: 'alias', maxlength: 64, placeholder: 'dashboard-<your name>'});
  const form = h('form', {class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const human = await humanIdentity(api, me, null, input.value.trim(), alias.value.trim());
      if (human === undefined) return askName(api, me, project, 'Use letters, digits, spaces, \' and -.');
      start(api, me, project, human);
    } catch (err) {
      askName(api, me, project, errorText(err));
    }
  }},
  h('h1', null, 'Who is at the dashboard?'),
  h('p', null, `Mail, chat replies and escalation answers you send from here come from your own agent in project `,
    h('strong', null, project.slug), '.'),
  h('label', null, 'Name ', input),
  h('label', null, 'Alias (optional) ', alias),
  error ? h('p', {class: 'state error', role: 'alert'}, error) : null,
  h('button', {type: 'submit'}, 'Continue'));
  mount(root, form);
  input.focus();
}

function signInScreen(reason) {
  const input = h('input', {type: 'password', name: 'key', placeholder: 'aw_sk_…', autocomplete: 'off',
    'aria-label': 'API key'});
  const problem = h('p', {class: 'state error', role: 'alert', hidden: !reason}, reason || '');
  mount(root, h('form', {class: 'card narrow signin', onsubmit: (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!session.validKey(key)) {
      problem.hidden = false;
      problem.textContent = 'That is not a beadhub key: it starts with aw_sk_.';
      return;
    }
    session.signIn(key);
    boot();
  }},
  h('h1', null, 'Sign in to beadhub'),
  problem,
  h('p', null, 'Run ', code('bdh :dashboard'), ' in a worktree and open the link it prints, or paste an API key:'),
  h('label', null, 'API key ', input),
  h('button', {type: 'submit'}, 'Sign in')));
}

function expire(reason) {
  if (stream) stream.close();
  stream = null;
  session.signOut(`Signed out: the server refused the key (${reason}).`);
  history.replaceState(null, '', location.pathname + location.search);
  signInScreen(session.signOutReason());
}

function start(api, me, project, human) {
  const act = human ? client(human.api_key, expire) : null;
  const live = feed(api);
  const view = h('main', {id: 'view', tabindex: '-1'});
  const links = NAV.map(([href, title]) => h('a', {href, dataset: {page: title.toLowerCase()}}, title));
  const liveBadge = h('span', {class: 'live', title: 'Live event feed'}, 'connecting');
  live.onState((s) => {
    liveBadge.textContent = s;
    liveBadge.className = `live is-${s}`;
  });
  mount(root,
    h('header', null,
      h('a', {href: '/status', class: 'brand'}, 'beadhub'),
      h('span', {class: 'project'}, project.slug),
      h('nav', null, links),
      h('span', {class: 'who'}, human ? `you: ${human.alias}` : 'read-only'),
      liveBadge,
      h('button', {type: 'button', class: 'link', onclick: () => {
        if (stream) stream.close();
        session.signOut();
        signInScreen(null);
      }}, 'Sign out')),
    view);

  let seq = 0;
  let cleanup = null;
  async function show(path, search) {
    const m = match(path);
    const my = ++seq;
    if (cleanup) cleanup();
    cleanup = null;
    for (const a of links) a.classList.toggle('active', a.dataset.page === navKey(m.page));
    document.title = `${m.title} · ${project.slug} · beadhub`;
    mount(view, state.loading(m.title.toLowerCase()));
    const ctx = {id: m.id, query: new URLSearchParams(search), api, act, me: human, project, live, navigate,
      alive: () => my === seq, reload: () => my === seq && show(location.pathname, location.search)};
    try {
      const mod = await import(`./pages/${m.page}.js`);
      if (my !== seq) return;
      const done = await mod.render(view, ctx);
      if (my === seq) {
        cleanup = typeof done === 'function' ? done : null;
        performance.mark('beadhub:page-shown', {detail: m.page});
      } else if (typeof done === 'function') done();
    } catch (e) {
      if (my === seq && e.status !== 401) mount(view, state.error(e, () => show(path, search)));
    }
  }
  startRouter(show);
}

function navKey(page) {
  return {status: 'status', missing: '', bead: 'beads'}[page] ?? page;
}

/** The status stream, shared by every page: the newest events and listeners for new ones. */
function feed(api) {
  const events = [];
  const listeners = new Set();
  const stateListeners = new Set();
  let current = 'connecting';
  stream = openStream('/v1/status/stream?limit=1000', {
    key: api.key,
    lastEventId: 0,
    onEvent: (data, id) => {
      events.unshift({id, data});
      if (events.length > FEED_SIZE) events.length = FEED_SIZE;
      for (const fn of listeners) fn(data, id);
    },
    onState: (s) => {
      current = s;
      for (const fn of stateListeners) fn(s);
    },
    onUnauthorized: expire,
  });
  const s = stream;
  window.__beadhubStream = s;
  watchNewWorkspaces(api, s);
  return {
    recent: () => events.slice(),
    on(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onState(fn) {
      stateListeners.add(fn);
      fn(current);
      return () => stateListeners.delete(fn);
    },
    state: () => current,
  };
}

/**
 * The status stream serves the workspaces that existed when it opened. When the project gains one, the
 * stream is reopened (with Last-Event-ID, so nothing is missed or repeated) to include it.
 */
function watchNewWorkspaces(api, s) {
  let known = null;
  async function check() {
    if (stream !== s) return clearInterval(timer);
    try {
      const count = (await api.get('/v1/status')).workspace.workspace_count;
      if (known !== null && count > known) s.drop();
      known = count;
    } catch (e) {
      // the next check retries; a 401 has already signed out
    }
  }
  const timer = setInterval(check, 30000);
  check();
}
