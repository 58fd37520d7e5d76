/**
 * Cognito hosted UI sign-in (authorization code + PKCE S256 + state) as the deployed site does it.
 * /config.json and the hosted UI's /oauth2/authorize, /oauth2/token and /logout are answered inside the
 * browser, so nothing leaves the machine; the "access token" is a local token the local API accepts.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { describeInBrowser, launchBrowser, type RunningBrowser } from './support/browser.ts';

declare const sessionStorage: any;

let harness: Harness;
let browser: RunningBrowser;
let page: Page;

const DOMAIN = 'momentarium-test.auth.eu-west-1.amazoncognito.com';
const CLIENT_ID = 'test-client-id';

describeInBrowser('signing in with the Cognito hosted UI', () => {
  let authorizeQuery: URLSearchParams | undefined;
  let tokenForm: URLSearchParams | undefined;
  let logoutQuery: URLSearchParams | undefined;
  let accessToken: string;

  beforeAll(async () => {
    [harness, browser] = await Promise.all([startHarness(), launchBrowser()]);
    page = browser.page;
    accessToken = (await harness.signIn('cognito-user')).token;
    const site = harness.app.url;
    await page.route(`${site}/config.json`, (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          mode: 'cognito',
          region: 'eu-west-1',
          userPoolId: 'eu-west-1_TEST',
          clientId: CLIENT_ID,
          cognitoDomain: DOMAIN,
          redirectUri: `${site}/`,
        }),
      }),
    );
    await page.route(`https://${DOMAIN}/oauth2/authorize?**`, (route) => {
      authorizeQuery = new URL(route.request().url()).searchParams;
      const back = `${authorizeQuery.get('redirect_uri')}?code=the-code&state=${authorizeQuery.get('state')}`;
      return route.fulfill({ status: 302, headers: { location: back } });
    });
    await page.route(`https://${DOMAIN}/oauth2/token`, (route) => {
      tokenForm = new URLSearchParams(route.request().postData() ?? '');
      const idToken = [
        'e30',
        Buffer.from(JSON.stringify({ email: 'ines@example.com' })).toString('base64url'),
        'sig',
      ];
      return route.fulfill({
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': new URL(site).origin },
        body: JSON.stringify({
          access_token: accessToken,
          id_token: idToken.join('.'),
          expires_in: 3600,
          token_type: 'Bearer',
        }),
      });
    });
    await page.route(`https://${DOMAIN}/logout?**`, (route) => {
      logoutQuery = new URL(route.request().url()).searchParams;
      return route.fulfill({ status: 302, headers: { location: logoutQuery.get('logout_uri') ?? site } });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('sends the browser to the hosted UI with a S256 challenge and a state, then exchanges the code', async () => {
    await page.goto(`${harness.app.url}/#/library`);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Momentarium' }).waitFor();
    expect(await page.getByLabel('Username').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();

    expect(authorizeQuery?.get('response_type')).toBe('code');
    expect(authorizeQuery?.get('client_id')).toBe(CLIENT_ID);
    expect(authorizeQuery?.get('redirect_uri')).toBe(`${harness.app.url}/`);
    expect(authorizeQuery?.get('code_challenge_method')).toBe('S256');
    expect(authorizeQuery?.get('state')).toMatch(/^[\w-]{32}$/);

    expect(tokenForm?.get('grant_type')).toBe('authorization_code');
    expect(tokenForm?.get('code')).toBe('the-code');
    expect(tokenForm?.get('client_id')).toBe(CLIENT_ID);
    expect(tokenForm?.get('redirect_uri')).toBe(`${harness.app.url}/`);
    const verifier = tokenForm?.get('code_verifier') ?? '';
    expect(verifier).toMatch(/^[\w-]{43,128}$/);
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorizeQuery?.get('code_challenge'),
    );

    // Back on the page it started from, without the code in the address bar, signed in.
    expect(page.url()).toBe(`${harness.app.url}/#/library`);
    expect(await page.locator('#who').textContent()).toBe('Signed in as ines@example.com');
    const session = JSON.parse(await page.evaluate(() => sessionStorage.getItem('momentarium.session')));
    expect(session).toMatchObject({ mode: 'cognito', token: accessToken });
  });

  it('signs out through the hosted UI', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Momentarium' }).waitFor();
    expect(logoutQuery?.get('client_id')).toBe(CLIENT_ID);
    expect(logoutQuery?.get('logout_uri')).toBe(`${harness.app.url}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('momentarium.session'))).toBeNull();
  });

  it('refuses a code whose state this tab did not issue', async () => {
    tokenForm = undefined;
    await page.goto(`${harness.app.url}/?code=stolen-code&state=forged-state`);
    await page.getByText('This sign-in response does not belong to this browser tab.').waitFor();
    expect(tokenForm).toBeUndefined();
    expect(page.url()).not.toContain('stolen-code');
    expect(await page.evaluate(() => sessionStorage.getItem('momentarium.session'))).toBeNull();
  });

  it('raised no console errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
