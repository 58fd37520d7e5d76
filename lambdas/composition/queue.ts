import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.ts';
import { type Env, queueConfig } from '../config.ts';
import type { JobQueue, MessageRedelivery } from '../core/ports.ts';
import { endpointOptions } from './endpoint-options.ts';

/**
 * Short network deadlines for small AWS calls: with the way out broken (a dead NAT), a call must fail
 * in seconds, not after the operating system's two-minute connect timeout times the SDK's 3 attempts.
 */
export const SMALL_CALL_TIMEOUTS = { connectionTimeout: 3_000, requestTimeout: 10_000 } as const;

/**
 * An SQS client for the job queue's region and endpoint. The local pollers receive with it as they
 * are (a long poll outlasts a short deadline); sending and handing back use SMALL_CALL_TIMEOUTS.
 */
export function jobQueueClient(env: Env, requestHandler?: typeof SMALL_CALL_TIMEOUTS): SQSClient {
  const config = queueConfig(env);
  return new SQSClient({
    region: config.AWS_REGION,
    ...(requestHandler ? { requestHandler } : {}),
    ...endpointOptions({ ...config, endpoint: config.SQS_ENDPOINT }),
  });
}

/** The job queue on SQS, or on the SQS-compatible endpoint named by SQS_ENDPOINT. */
export function sqsJobQueue(env: Env): JobQueue {
  return new SqsJobQueue(jobQueueClient(env, SMALL_CALL_TIMEOUTS), queueConfig(env).JOBS_QUEUE_URL);
}

/** The worker's handle on the job queue: failed deliveries come back after a backoff delay. */
export function sqsRedelivery(
  env: Env,
  instrument: <T>(client: T) => T = (client) => client,
): MessageRedelivery {
  return new SqsJobQueue(
    instrument(jobQueueClient(env, SMALL_CALL_TIMEOUTS)),
    queueConfig(env).JOBS_QUEUE_URL,
  );
}
