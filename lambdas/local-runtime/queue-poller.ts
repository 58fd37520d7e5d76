/**
 * Drives the worker handler from the local queue the way Lambda's SQS event source mapping does:
 * receive a batch, invoke, delete what succeeded, leave failures to reappear after the visibility
 * timeout (and reach the dead-letter queue after maxReceiveCount).
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../core/ports.ts';
import { fakeLambdaContext } from './lambda-context.ts';

export interface QueuePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  logger: Logger;
  batchSize: number;
  /** Parallel pollers, like Lambda's concurrency for the event source. */
  concurrency: number;
  waitTimeSeconds: number;
  functionTimeoutMs: number;
}

export interface RunningPoller {
  stop(): Promise<void>;
}

export function startQueuePoller(options: QueuePollerOptions): RunningPoller {
  let stopping = false;
  const loops = Array.from({ length: options.concurrency }, async () => {
    while (!stopping) {
      try {
        await pollOnce(options);
      } catch (error) {
        if (stopping) break;
        options.logger.warn('queue poll failed; retrying', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await Promise.allSettled(loops);
    },
  };
}

async function pollOnce(options: QueuePollerOptions): Promise<void> {
  const received = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: options.batchSize,
      WaitTimeSeconds: options.waitTimeSeconds,
      MessageSystemAttributeNames: [
        'ApproximateReceiveCount',
        'SentTimestamp',
        'ApproximateFirstReceiveTimestamp',
      ],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return;

  const event: SQSEvent = { Records: messages.map((message) => toRecord(message, options.queueArn ?? '')) };
  let failed: Set<string>;
  try {
    const response = await options.handler(event, fakeLambdaContext('worker', options.functionTimeoutMs));
    failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch (error) {
    // A thrown handler fails the whole batch, as in Lambda.
    options.logger.error('worker invocation failed', { error: String(error) });
    return;
  }
  const done = messages.filter((message) => message.MessageId && !failed.has(message.MessageId));
  if (done.length === 0) return;
  await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
    }),
  );
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}
