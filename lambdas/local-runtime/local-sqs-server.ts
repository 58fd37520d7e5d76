/**
 * An SQS-compatible endpoint (fauxqs): the jobs queue and the ingest queue, each with a dead-letter
 * queue, visibility timeouts, long polling and redrive, persisted in SQLite so queued work survives a
 * restart.
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
  /** The queue storage notifications go to (as S3 → SQS in AWS). */
  ingestQueueName: string;
  ingestVisibilityTimeoutSeconds: number;
}

export interface RunningSqs {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  ingestQueueUrl: string;
  ingestDeadLetterQueueUrl: string;
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
  const withDeadLetters = (name: string, visibilityTimeoutSeconds: number) => {
    const dlq = server.createQueue(`${name}-dlq`, { attributes: { MessageRetentionPeriod: '1209600' } });
    const queue = server.createQueue(name, {
      attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.queueArn,
          maxReceiveCount: options.maxReceiveCount,
        }),
      },
    });
    return { queueUrl: queue.queueUrl, deadLetterQueueUrl: dlq.queueUrl };
  };
  const jobs = withDeadLetters(options.queueName, options.visibilityTimeoutSeconds);
  const ingest = withDeadLetters(options.ingestQueueName, options.ingestVisibilityTimeoutSeconds);
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    ...jobs,
    ingestQueueUrl: ingest.queueUrl,
    ingestDeadLetterQueueUrl: ingest.deadLetterQueueUrl,
    stop: () => server.stop(),
  };
}
