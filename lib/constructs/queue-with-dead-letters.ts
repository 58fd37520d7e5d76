/**
 * A work queue with its dead-letter queue, as every queue of the stack is made: SQS-managed encryption
 * (S3 notifications can be delivered to it without a KMS key policy), TLS only, a visibility timeout of
 * six times its consumer's timeout (AWS's guidance for Lambda event sources), 4 days to be consumed,
 * and 14 days in the dead-letter queue to be looked at and moved back.
 */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface QueueWithDeadLettersProps {
  /** The consuming function's timeout. */
  readonly consumerTimeout: Duration;
  /** Deliveries before a message goes to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** What the queue carries, for the dead-letter queue's cdk-nag acknowledgment. */
  readonly carries: string;
}

export function queueWithDeadLetters(
  scope: Construct,
  id: string,
  props: QueueWithDeadLettersProps,
): { queue: Queue; deadLetterQueue: Queue } {
  const deadLetterQueue = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    deadLetterQueue,
    'AwsSolutions-SQS3',
    `This queue is itself the dead-letter queue of the ${props.carries} queue; a DLQ of a DLQ would only move the problem.`,
  );
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}
