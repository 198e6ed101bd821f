// Calls to the server: JSON in and out, the key as a bearer token (never cookies), errors as ApiError.

export class ApiError extends Error {
  constructor(status, detail) {
    super(describe(status, detail));
    this.status = status;
    this.detail = detail;
  }
}

function describe(status, detail) {
  if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).slice(1).join('.')}: ${d.msg}`).join('; ');
  if (typeof detail === 'string' && detail) return detail;
  return `HTTP ${status}`;
}

/** A client for one key; `onUnauthorized(reason)` runs on any 401 before the error is thrown. */
export function client(key, onUnauthorized) {
  async function call(method, path, body) {
    const headers = {Authorization: `Bearer ${key}`, Accept: 'application/json'};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new ApiError(0, 'The server cannot be reached');
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const err = new ApiError(res.status, data && data.detail);
      if (res.status === 401 && onUnauthorized) onUnauthorized(err.message);
      throw err;
    }
    return data;
  }
  return {
    key,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body === undefined ? {} : body),
    del: (path) => call('DELETE', path),
  };
}

/** A query string from an object, leaving out empty values; arrays repeat the name. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
