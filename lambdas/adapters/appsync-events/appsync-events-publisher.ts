/**
 * Publishes progress to AWS AppSync Events over its HTTP endpoint (`POST https://<http domain>/event`,
 * body `{ channel, events: [<JSON string>, ...] }`), signed with SigV4 for the `appsync` service by
 * the function's role (the namespace lets IAM publish, and only ingest and the worker hold
 * appsync:EventPublish). Locally the same requests go to the local runtime's events server.
 *
 * Each event goes to its owner's channel (progress-channel.ts), found from the owner's user id.
 */
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ProgressPublisher } from '../../core/ports.ts';
import type { ProgressEvent } from '../../core/progress.ts';
import { progressChannel } from './progress-channel.ts';

export interface AppSyncEventsPublisherOptions {
  /** The Event API's HTTP publish URL, ending in /event. */
  url: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The identity-provider subject of a user id; null when there is no such user. */
  subjectOf(userId: string): Promise<string | null>;
  /** A page waits for nothing: a slow publish is abandoned (and logged by the caller). Default 3 s. */
  timeoutMs?: number;
}

/** What AppSync Events answers a publish with (200), one entry per event. */
interface PublishAnswer {
  successful?: { identifier: string; index: number }[];
  failed?: { identifier?: string; index: number; code?: number | string; message?: string }[];
}

export class PublishError extends Error {
  override name = 'PublishError';
}

export function createAppSyncEventsPublisher(options: AppSyncEventsPublisherOptions): ProgressPublisher {
  const url = new URL(options.url);
  const signer = new SignatureV4({
    service: 'appsync',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const timeoutMs = options.timeoutMs ?? 3000;
  return {
    async publish(ownerId: string, event: ProgressEvent): Promise<void> {
      const subject = await options.subjectOf(ownerId);
      if (subject === null) throw new PublishError(`no user ${ownerId} to publish to`);
      const body = JSON.stringify({ channel: progressChannel(subject), events: [JSON.stringify(event)] });
      const signed = await signer.sign(
        new HttpRequest({
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname,
          ...(url.port ? { port: Number(url.port) } : {}),
          path: url.pathname,
          headers: { host: url.host, 'content-type': 'application/json' },
          body,
        }),
      );
      const response = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new PublishError(`publish answered ${response.status}: ${text.slice(0, 300)}`);
      const answer = JSON.parse(text) as PublishAnswer;
      const failed = answer.failed ?? [];
      if (failed.length > 0)
        throw new PublishError(
          `publish refused: ${failed.map((entry) => entry.message ?? entry.code).join('; ')}`,
        );
    },
  };
}

/** No events endpoint configured: progress goes nowhere, and pages poll. */
export const noProgressPublisher: ProgressPublisher = { publish: async () => {} };
