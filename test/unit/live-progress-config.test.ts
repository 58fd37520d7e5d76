/**
 * Live progress wiring: where ingest and the worker publish (validated once), nothing published when
 * no events endpoint is configured, and each user's channel named the same way by the publisher, the
 * local events server and the browser.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { noProgressPublisher } from '../../lambdas/adapters/appsync-events/appsync-events-publisher.ts';
import {
  CHANNEL_SEGMENT,
  progressChannel,
  progressChannelSegment,
} from '../../lambdas/adapters/appsync-events/progress-channel.ts';
import { progressPublisher } from '../../lambdas/composition/progress.ts';
import { ConfigError, progressConfig } from '../../lambdas/config.ts';
import { WEB_ROOT } from '../../scripts/web-size.ts';

describe('progressConfig', () => {
  it('takes an AppSync HTTPS publish URL, or a loopback one locally', () => {
    for (const url of [
      'https://abc123.appsync-api.eu-west-1.amazonaws.com/event',
      'http://127.0.0.1:4000/event',
      'http://localhost:4000/event',
    ])
      expect(progressConfig({ PROGRESS_EVENTS_URL: url }).PROGRESS_EVENTS_URL).toBe(url);
    expect(progressConfig({}).PROGRESS_EVENTS_URL).toBeUndefined();
  });

  it('refuses plain HTTP off this machine and URLs that are not the publish endpoint, naming the variable', () => {
    for (const url of ['http://example.com/event', 'https://abc.example.com/graphql', 'not a url'])
      expect(() => progressConfig({ PROGRESS_EVENTS_URL: url })).toThrow(
        expect.objectContaining({
          name: ConfigError.name,
          message: expect.stringContaining('PROGRESS_EVENTS_URL'),
        }),
      );
  });

  it('publishes nothing when no events endpoint is configured (pages poll)', () => {
    const base = {} as Parameters<typeof progressPublisher>[1];
    expect(progressPublisher({}, base)).toBe(noProgressPublisher);
  });
});

describe('a user’s channel', () => {
  const cognitoSub = '7f3e2a10-1b2c-4d5e-8f90-a1b2c3d4e5f6';

  it('is /progress/<sub> for a subject AppSync accepts as a segment (Cognito’s UUIDs)', () => {
    expect(progressChannel(cognitoSub)).toBe(`/progress/${cognitoSub}`);
  });

  it('is named by a hash for a subject it does not (local:<name>): valid, and distinct per subject', () => {
    const segments = ['local:alice', 'local:bob', 'local:a.b', 'local:a_b', `local:${'x'.repeat(64)}`].map(
      progressChannelSegment,
    );
    for (const segment of segments) expect(segment).toMatch(CHANNEL_SEGMENT);
    expect(new Set(segments).size).toBe(segments.length);
  });

  it('is named the same way by the browser', async () => {
    const web = (await import(pathToFileURL(join(WEB_ROOT, 'js', 'live-progress.js')).href)) as {
      channelSegment(subject: string): Promise<string>;
    };
    for (const subject of [cognitoSub, 'local:alice', 'local:élodie@example.com'])
      expect(await web.channelSegment(subject)).toBe(progressChannelSegment(subject));
  });
});
