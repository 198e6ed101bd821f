// Times and labels in words.

export function ago(iso) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((Date.now() - t) / 1000);
  if (s < 0) return 'in ' + span(-s);
  if (s < 10) return 'just now';
  return span(s) + ' ago';
}

function span(s) {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function hoursSince(iso) {
  return iso ? (Date.now() - Date.parse(iso)) / 3600000 : 0;
}

/** The repo's short name: github.com/acme/widgets-api → acme/widgets-api. */
export function repoName(repo) {
  if (!repo) return '';
  const parts = String(repo).split('/');
  return parts.length > 2 ? parts.slice(1).join('/') : repo;
}
