// Client-side routes on the History API. The server answers the page for every such path, so a deep
// link (/beads/bd-12) works after a reload.

const ROUTES = [
  [/^\/(status)?$/, 'status', 'Status'],
  [/^\/beads$/, 'beads', 'Beads'],
  [/^\/beads\/([^/]+)$/, 'bead', 'Bead'],
  [/^\/workspaces$/, 'workspaces', 'Workspaces'],
  [/^\/claims$/, 'claims', 'Claims'],
  [/^\/mail(?:\/([^/]+))?$/, 'mail', 'Mail'],
  [/^\/chat(?:\/([^/]+))?$/, 'chat', 'Chat'],
  [/^\/escalations(?:\/([^/]+))?$/, 'escalations', 'Escalations'],
  [/^\/policies(?:\/([^/]+))?$/, 'policies', 'Policies'],
];

/** The page for a path: {page, title, id} (id = the decoded path parameter, if any). */
export function match(path) {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const [re, page, title] of ROUTES) {
    const m = re.exec(p);
    if (m) return {page, title, id: m[1] && m[1] !== 'status' ? decodeURIComponent(m[1]) : null};
  }
  return {page: 'missing', title: 'Not found', id: null};
}

let onChange = () => {};

/** Calls `render(path, search)` now and on every navigation; same-origin link clicks stay in the page. */
export function startRouter(render) {
  onChange = render;
  window.addEventListener('popstate', () => onChange(location.pathname, location.search));
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download') || e.button !== 0) return;
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.origin !== location.origin) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
  onChange(location.pathname, location.search);
}

export function navigate(url, {replace = false} = {}) {
  if (url === location.pathname + location.search && !replace) return onChange(location.pathname, location.search);
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  onChange(location.pathname, location.search);
}
