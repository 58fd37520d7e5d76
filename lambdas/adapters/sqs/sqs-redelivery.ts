import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageRedelivery } from '../../core/ports.ts';

/**
 * Hands a received message back to the queue after a delay by setting its visibility timeout (the
 * message becomes receivable again after `delaySeconds`, counted from now). Without this a failed
 * message would wait the whole queue visibility timeout, sized for a crashed worker (72 minutes).
 */
export class SqsRedelivery implements MessageRedelivery {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  async redeliverAfter(receiptHandle: string, delaySeconds: number): Promise<void> {
    await this.#sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
        // SQS accepts 0..43200 (12 hours) seconds.
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(delaySeconds))),
      }),
    );
  }
}
