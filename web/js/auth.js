/**
 * Which sign-in this site uses. In AWS the deployment writes /config.json (`mode: 'cognito'` plus the
 * user pool's details); locally there is no such file (404) and a username is enough.
 */
import { api } from './api.js';
import { saveSession } from './session.js';

const LOCAL = Object.freeze({ mode: 'local' });
const COGNITO_FIELDS = ['region', 'userPoolId', 'clientId', 'cognitoDomain', 'redirectUri'];

export async function loadAuthConfig() {
  let response;
  try {
    response = await fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new Error('Could not reach Momentarium. Check your connection and reload the page.');
  }
  // A CDN that answers unknown paths with the app shell (HTML) has no configuration either.
  const isJson = /json/i.test(response.headers.get('content-type') ?? '');
  if (response.status === 404 || (response.ok && !isJson)) return LOCAL;
  if (!response.ok) throw new Error(`Could not load the site configuration (HTTP ${response.status}).`);
  const config = await response.json();
  // The local runtime serves this file too, when it names its live-progress events endpoint.
  if (config?.mode === 'local')
    return config.events ? Object.freeze({ ...LOCAL, events: config.events }) : LOCAL;
  if (config?.mode !== 'cognito') throw new Error('The site configuration names an unknown sign-in mode.');
  for (const field of COGNITO_FIELDS) {
    if (typeof config[field] !== 'string' || config[field].length === 0) {
      throw new Error(`The site configuration lacks ${field}.`);
    }
  }
  return Object.freeze({
    ...config,
    cognitoDomain: config.cognitoDomain.replace(/^https:\/\//, '').replace(/\/+$/, ''),
  });
}

/** Local runtime only: a username in, a signed token out. */
export async function signInLocally(username) {
  const session = await api('/api/local/sessions', { method: 'POST', body: { username } });
  saveSession({
    mode: 'local',
    token: session.token,
    username: session.username,
    expiresAt: Date.now() + session.expiresIn * 1000,
  });
}

/** True when this page load is the hosted UI sending the browser back with a code (or an error). */
export function isCognitoCallback(location) {
  const query = new URLSearchParams(location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
}
