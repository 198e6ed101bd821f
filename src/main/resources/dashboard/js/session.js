// Who is signed in: the key from the URL fragment or localStorage, and the human's own dashboard identity.

const KEY = 'beadhub.key';
const HUMAN = 'beadhub.human';
const REASON = 'beadhub.signout';
const FRAGMENT_NAMES = ['api_key', 'beadhub_api_key', 'key'];

export function validKey(key) {
  return typeof key === 'string' && key.startsWith('aw_sk_') && key.length >= 38;
}

/**
 * Takes a key from `#api_key=` (or `#beadhub_api_key=`, `#key=`), stores it, and removes the fragment from
 * the address bar and history. Returns a reason when the fragment held something that is not a key.
 */
export function takeKeyFromFragment() {
  const hash = location.hash.replace(/^#/, '');
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  const name = FRAGMENT_NAMES.find((n) => params.has(n));
  if (!name) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  const key = params.get(name).trim();
  if (!validKey(key)) return 'The link did not hold a beadhub key (aw_sk_…).';
  signIn(key);
  return null;
}

export function storedKey() {
  const key = localStorage.getItem(KEY);
  return validKey(key) ? key : null;
}

export function signIn(key) {
  if (localStorage.getItem(KEY) !== key) localStorage.removeItem(HUMAN);
  localStorage.setItem(KEY, key);
  sessionStorage.removeItem(REASON);
}

/** Forgets the key and the human's identity; `reason` is shown on the sign-in screen. */
export function signOut(reason) {
  localStorage.removeItem(KEY);
  localStorage.removeItem(HUMAN);
  if (reason) sessionStorage.setItem(REASON, reason);
  else sessionStorage.removeItem(REASON);
}

export function signOutReason() {
  return sessionStorage.getItem(REASON);
}

/** The human's identity minted for the stored key: {api_key, alias, workspace_id, human_name}. */
export function storedHuman() {
  try {
    const h = JSON.parse(localStorage.getItem(HUMAN) || 'null');
    return h && validKey(h.api_key) ? h : null;
  } catch (e) {
    return null;
  }
}

export function storeHuman(identity) {
  localStorage.setItem(HUMAN, JSON.stringify(identity));
}
