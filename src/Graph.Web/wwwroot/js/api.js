// The explorer's JSON API (docs/explorer-api.md). GETs are plain; POSTs carry the anti-forgery token from
// GET /api/session in the X-XSRF-TOKEN header.

let sessionPromise = null;

/** Thrown for any non-2xx answer; `status` is the HTTP status, `message` the server's error text when it gave one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function readError(response) {
  let text = '';
  try {
    text = await response.text();
    const body = JSON.parse(text);
    text = body.error ?? body.title ?? body.detail ?? body.message ?? text;
  } catch { /* not JSON: keep the text */ }
  const what = text && text.length < 300 ? text : response.statusText;
  return new ApiError(response.status, `${response.status} ${what}`.trim());
}

/** A 401 means the login is missing or has expired: the header offers the login form (header.js). */
function signalLogin(response) {
  if (response.status === 401) dispatchEvent(new CustomEvent('fraudgraph:login-required'));
}

/** The answer's JSON, or the ApiError it stands for; `quiet`: a 401 does not call for the login form. */
async function json(response, quiet = false) {
  if (!response.ok) {
    if (!quiet) signalLogin(response);
    throw await readError(response);
  }
  return response.json();
}

/** GET as JSON; `quiet`: a 401 does not call for the login form (a request sent before the session is known). */
export async function getJson(url, { quiet = false } = {}) {
  return json(await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }), quiet);
}

export async function postJson(url, body) {
  const session = await getSession();
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': session.antiforgeryToken ?? '' },
    body: JSON.stringify(body ?? {}),
  });
  return json(response);
}

/** POST /login with form fields; the anti-forgery token is tied to the user, so the session is fetched again after. */
export async function login(user, password) {
  const session = await getSession();
  const response = await fetch('/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': session.antiforgeryToken ?? '' },
    body: new URLSearchParams({ user, password }),
  });
  sessionPromise = null;
  if (!response.ok) throw await readError(response);
  return response.json();
}

export async function logout() {
  const session = await getSession();
  await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': session.antiforgeryToken ?? '' } });
  sessionPromise = null;
}

/** The caller's session (user, role, canUnmask, loginRequired, antiforgeryToken, runId); fetched once per page. */
export function getSession() {
  sessionPromise ??= getJson('/api/session').catch(error => { sessionPromise = null; throw error; });
  return sessionPromise;
}

const enc = encodeURIComponent;

export const api = {
  rings: params => getJson('/api/rings?' + new URLSearchParams(params)),
  reasons: () => getJson('/api/reasons'),
  ring: (id, options) => getJson(`/api/rings/${enc(id)}`, options),
  // `ring`: the ring the page shows; after a supervisor's unmask of it the server answers its members' records in full.
  node: (id, ring) => getJson(`/api/nodes/${enc(id)}` + (ring ? '?ring=' + enc(ring) : '')),
  neighbours: (id, skip, take) => getJson(`/api/nodes/${enc(id)}/neighbours?skip=${skip}&take=${take}`),
  search: q => getJson('/api/search?q=' + enc(q)),
  path: (id, victim, controller) => getJson(`/api/rings/${enc(id)}/path?victim=${enc(victim)}&controller=${enc(controller)}`),
  audit: () => getJson('/api/audit'),
  unmask: (id, reason) => postJson(`/api/rings/${enc(id)}/unmask`, { reason }),
  exportRing: (id, unmasked, reason) => postJson(`/api/rings/${enc(id)}/export`, { unmasked, reason: reason ?? null }),
};
