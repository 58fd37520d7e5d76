import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { processJobMessage } from '../../core/job-message.ts';
import type { JobQueue } from '../../core/ports.ts';

export class SqsJobQueue implements JobQueue {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  async enqueueProcessJob(jobId: string): Promise<void> {
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(processJobMessage(jobId)),
      }),
    );
  }
}
