// Configuration, sign-in (local token form or Cognito hosted UI with PKCE) and the API client.
const TOKEN = 'crm.idToken';
let config = { mode: 'local' };

/** config.json: {mode: "local"} locally; in AWS {mode: "cognito", cognitoDomain, clientId, redirectUri}. */
export async function loadConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) config = await response.json();
  } catch { /* stays local */ }
  return config;
}

export const isLocal = () => config.mode !== 'cognito';

export function token() {
  const value = sessionStorage.getItem(TOKEN);
  if (!value) return null;
  try {
    const claims = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (claims.exp && claims.exp * 1000 < Date.now() + 30_000) {
      sessionStorage.removeItem(TOKEN);
      return null;
    }
  } catch {
    return null;
  }
  return value;
}

/** Local runner only: POST /dev/token {email}. */
export async function signInLocal(email) {
  const response = await fetch('dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  sessionStorage.setItem(TOKEN, body.token);
}

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

/** Cognito hosted UI: authorization code with PKCE (S256). */
export async function signInCognito() {
  const verifier = random(48);
  const state = random(16);
  sessionStorage.setItem('crm.pkce', JSON.stringify({ verifier, state, hash: location.hash }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const params = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri,
    scope: 'openid email profile', state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`https://${config.cognitoDomain}/oauth2/authorize?${params}`);
}

/** Back from the hosted UI with ?code&state: trade the code for the tokens, keep the ID token. */
export async function completeCognitoSignIn() {
  const query = new URLSearchParams(location.search);
  if (isLocal() || !query.has('code')) return;
  const pending = JSON.parse(sessionStorage.getItem('crm.pkce') || 'null');
  sessionStorage.removeItem('crm.pkce');
  history.replaceState(null, '', location.pathname + (pending?.hash || ''));
  if (!pending || pending.state !== query.get('state')) throw new Error('state mismatch');
  const response = await fetch(`https://${config.cognitoDomain}/oauth2/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: query.get('code'),
      redirect_uri: config.redirectUri, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error('token exchange failed: ' + response.status);
  sessionStorage.setItem(TOKEN, (await response.json()).id_token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  if (!isLocal()) {
    const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
    location.assign(`https://${config.cognitoDomain}/logout?${params}`);
    return true;
  }
  return false;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title || problem.message)) || String(status));
    this.status = status;
    this.problem = problem || {};
  }
}

let onUnauthorized = () => {};
export const whenUnauthorized = (fn) => { onUnauthorized = fn; };

/**
 * api('PATCH', '/accounts/1', {body, version}): JSON in and out; `version` becomes If-Match.
 * Errors throw ApiError with the problem+json body.
 */
export async function api(method, path, { body, version } = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (version !== undefined && version !== null) headers['If-Match'] = `"${version}"`;
  let response;
  try {
    response = await fetch((config.apiBase || '') + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: e.message });
  }
  const text = response.status === 204 ? '' : await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: text }; }
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** A list as CSV: see download. */
export function downloadCsv(path) {
  return download(path + (path.includes('?') ? '&' : '?') + 'format=csv');
}

/**
 * An export (a list's CSV, a person's zip): asks with redirect=false and saves the file, or, for a
 * large export that the server put into S3, opens the presigned link it answers.
 */
export async function download(path) {
  const headers = {};
  const bearer = token();
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  const response = await fetch((config.apiBase || '') + path + (path.includes('?') ? '&' : '?') + 'redirect=false', { headers });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  if ((response.headers.get('Content-Type') || '').startsWith('application/json')) {
    location.assign((await response.json()).url);
    return;
  }
  const name = (response.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/)?.[1] || 'export';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await response.blob());
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
