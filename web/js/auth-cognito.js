/**
 * Cognito hosted UI sign-in: OAuth 2.0 authorization code with PKCE (S256) and a state check.
 * Loaded only when /config.json says `mode: 'cognito'`.
 */
import { clearSession, saveSession } from './session.js';

const PENDING_KEY = 'momentarium.pkce';

/** Sends the browser to the hosted UI; it comes back to `redirectUri` with `?code=…&state=…`. */
export async function beginSignIn(config) {
  const verifier = randomToken(48);
  const state = randomToken(24);
  sessionStorage.setItem(
    PENDING_KEY,
    JSON.stringify({ verifier, state, returnTo: location.hash || '#/albums' }),
  );
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope ?? 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: await challengeFor(verifier),
  });
  location.assign(`https://${config.cognitoDomain}/oauth2/authorize?${query}`);
}

/**
 * Finishes the sign-in on the page the hosted UI returned to: checks the state against the one this
 * tab stored, exchanges the code (with the verifier) for tokens, and keeps the access token.
 * Returns the hash route to go back to.
 */
export async function completeSignIn(config, currentUrl) {
  const query = new URL(currentUrl).searchParams;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  if (query.has('error')) {
    throw new Error(`Sign-in was not completed: ${query.get('error_description') ?? query.get('error')}.`);
  }
  if (!pending || pending.state !== query.get('state')) {
    throw new Error('This sign-in response does not belong to this browser tab. Please sign in again.');
  }
  let response;
  try {
    response = await fetch(`https://${config.cognitoDomain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code: query.get('code') ?? '',
        redirect_uri: config.redirectUri,
        code_verifier: pending.verifier,
      }),
    });
  } catch {
    throw new Error('Could not reach the sign-in service. Check your connection and try again.');
  }
  const tokens = await response.json().catch(() => null);
  if (!response.ok || typeof tokens?.access_token !== 'string') {
    throw new Error(`Sign-in failed: ${tokens?.error ?? `HTTP ${response.status}`}. Please try again.`);
  }
  saveSession({
    mode: 'cognito',
    // The access token is what the API's JWT authorizer checks (its client_id is the audience).
    token: tokens.access_token,
    // Live progress subscribes with the ID token (web/js/live-progress.js), as AppSync documents.
    ...(typeof tokens.id_token === 'string' ? { idToken: tokens.id_token } : {}),
    username: displayName(tokens.id_token),
    expiresAt: Date.now() + (Number(tokens.expires_in) || 3600) * 1000,
  });
  return pending.returnTo;
}

/** Ends the local session and the hosted UI's session cookie. */
export function signOut(config) {
  clearSession();
  const query = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: config.logoutUri ?? new URL('/', config.redirectUri).href,
  });
  location.assign(`https://${config.cognitoDomain}/logout?${query}`);
}

function randomToken(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeFor(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** For display only: the token came straight from the token endpoint over TLS and is not trusted further. */
function displayName(idToken) {
  try {
    const payload = JSON.parse(atob(idToken.split('.')[1].replaceAll('-', '+').replaceAll('_', '/')));
    return payload.email ?? payload['cognito:username'] ?? 'you';
  } catch {
    return 'you';
  }
}
