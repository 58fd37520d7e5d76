/**
 * The progress publisher ingest and the worker share: AppSync Events (or the local events server)
 * when PROGRESS_EVENTS_URL is set, else none (pages poll).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import {
  createAppSyncEventsPublisher,
  noProgressPublisher,
} from '../adapters/appsync-events/appsync-events-publisher.ts';
import { PostgresUserRepository } from '../adapters/postgres/postgres-user-repository.ts';
import { type Env, progressConfig } from '../config.ts';
import type { ProgressPublisher } from '../core/ports.ts';
import type { DatabaseDependencies } from './database.ts';

export function progressPublisher(env: Env, base: DatabaseDependencies): ProgressPublisher {
  const config = progressConfig(env);
  if (!config.PROGRESS_EVENTS_URL) return noProgressPublisher;
  const local = config.PROGRESS_EVENTS_URL.startsWith('http://');
  // In AWS the role's keys come with a session token (fromEnv reads all three); the local events
  // server checks requests are signed with the local key pair.
  const credentials =
    local && config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
      : fromEnv();
  const users = new PostgresUserRepository(base.db);
  return createAppSyncEventsPublisher({
    url: config.PROGRESS_EVENTS_URL,
    region: config.AWS_REGION,
    credentials,
    subjectOf: (userId) => users.subjectOf(userId),
  });
}

/** Whose channel is whose: the local events server enforces what AppSync's onSubscribe handler does. */
export {
  CHANNEL_SEGMENT,
  PROGRESS_NAMESPACE,
  progressChannelSegment,
} from '../adapters/appsync-events/progress-channel.ts';
