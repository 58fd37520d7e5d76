/**
 * An SQS-compatible endpoint (fauxqs): the jobs queue with a dead-letter queue, visibility timeouts,
 * long polling and redrive, persisted in SQLite so queued jobs survive a restart.
 * Note: fauxqs listens on all interfaces; it has no authentication, so run `npm start` on a trusted
 * network only.
 */
import { mkdir } from 'node:fs/promises';
import { startFauxqs } from 'fauxqs';

export interface LocalSqsOptions {
  dataDir: string | null;
  port: number;
  queueName: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface RunningSqs {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

export async function startLocalSqs(options: LocalSqsOptions): Promise<RunningSqs> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port,
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  // createQueue is idempotent for identical attributes, so a restart finds the same queues.
  const dlq = server.createQueue(`${options.queueName}-dlq`, {
    attributes: { MessageRetentionPeriod: '1209600' },
  });
  const queue = server.createQueue(options.queueName, {
    attributes: {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.queueArn,
        maxReceiveCount: options.maxReceiveCount,
      }),
    },
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    queueUrl: queue.queueUrl,
    deadLetterQueueUrl: dlq.queueUrl,
    stop: () => server.stop(),
  };
}
