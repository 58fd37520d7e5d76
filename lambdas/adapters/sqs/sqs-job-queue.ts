import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { generateAlbumPageMessage, type JobMessage, processJobMessage } from '../../core/job-message.ts';
import type { JobQueue, MessageRedelivery } from '../../core/ports.ts';

/** The job queue on SQS: the API sends job messages (core/job-message.ts), the worker hands failed ones back. */
export class SqsJobQueue implements JobQueue, MessageRedelivery {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  enqueueProcessJob(jobId: string): Promise<void> {
    return this.#send(processJobMessage(jobId));
  }

  enqueueAlbumPage(albumId: string, requestId: string): Promise<void> {
    return this.#send(generateAlbumPageMessage(albumId, requestId));
  }

  async #send(message: JobMessage): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }

  /**
   * Makes a received message receivable again `delaySeconds` from now (its visibility timeout). Without
   * this a failed message would wait the queue's whole visibility timeout, sized for a crashed worker.
   */
  async redeliverAfter(receiptHandle: string, delaySeconds: number): Promise<void> {
    await this.#sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.#queueUrl,
        ReceiptHandle: receiptHandle,
        // SQS accepts 0..43200 seconds (12 hours).
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(delaySeconds))),
      }),
    );
  }
}
