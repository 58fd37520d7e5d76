import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.ts';
import { type Env, queueConfig } from '../config.ts';
import type { JobQueue } from '../core/ports.ts';
import { endpointOptions } from './endpoint-options.ts';

/** The job queue on SQS, or on the SQS-compatible endpoint named by SQS_ENDPOINT. */
export function sqsJobQueue(env: Env): JobQueue {
  const config = queueConfig(env);
  const sqs = new SQSClient({
    region: config.AWS_REGION,
    ...endpointOptions({ ...config, endpoint: config.SQS_ENDPOINT }),
  });
  return new SqsJobQueue(sqs, config.JOBS_QUEUE_URL);
}
