/**
 * The queue of `{ jobId }` messages between the API and the worker, with a dead-letter queue.
 *
 * Visibility timeout is six times the worker's timeout (AWS's guidance for Lambda event sources: a
 * message is never redelivered while an attempt may still be running, throttled retries included).
 * A message that fails `maxReceiveCount` times lands in the DLQ, which has an alarm; the count is
 * above JOB_MAX_ATTEMPTS so "job busy elsewhere" retries do not push a healthy job there.
 *
 * The visibility timeout only governs a worker that crashed or timed out. A failure the worker sees
 * (database or storage down) is handed back sooner: the worker sets the message's visibility to a
 * backoff delay (2 minutes, doubling with jitter, up to the 15-minute job lease; see JOB_RETRY_BASE),
 * so a job rides out 15 to 29 minutes of outage over its 5 attempts before it is marked failed.
 */
import type { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueWithDeadLetters } from './queue-with-dead-letters.ts';

export const MAX_RECEIVE_COUNT = 8;

export interface JobQueueProps {
  /** The worker function's timeout; the visibility timeout is six times it. */
  readonly workerTimeout: Duration;
}

export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    const { queue, deadLetterQueue } = queueWithDeadLetters(this, 'Jobs', {
      consumerTimeout: props.workerTimeout,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      carries: 'jobs',
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;
  }

  /** The worker side: hand a failed message back early (ChangeMessageVisibility), by the queue URL. */
  grantRedeliver(fn: LambdaFunction): void {
    this.queue.grant(fn, 'sqs:ChangeMessageVisibility');
    fn.addEnvironment('JOBS_QUEUE_URL', this.queue.queueUrl);
  }

  /** The API side: send `{ jobId }` messages, and know the queue URL. */
  grantEnqueue(fn: LambdaFunction): void {
    this.queue.grantSendMessages(fn);
    fn.addEnvironment('JOBS_QUEUE_URL', this.queue.queueUrl);
  }
}
