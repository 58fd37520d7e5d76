import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type WorkerDependencies, workerDependencies } from '../../composition/worker.ts';
import { workerMiddlewares } from '../../composition/worker-observability.ts';
import { redeliveryDelaySeconds } from '../../core/job-lifecycle.ts';
import { InvalidJobMessageError, type JobMessage, parseJobMessage } from '../../core/job-message.ts';
import { designAlbumPage } from '../../core/use-cases/design-album-page.ts';
import { JobBusyError, processJob } from '../../core/use-cases/process-job.ts';

type MessageHandlers = {
  readonly [T in JobMessage['type']]: (
    deps: WorkerDependencies,
    message: Extract<JobMessage, { type: T }>,
    messageId: string,
  ) => Promise<unknown>;
};

/** Exactly one handler per message type: a type without one (or one too many) does not compile. */
const MESSAGE_HANDLERS: MessageHandlers = {
  'process-job': (deps, message, messageId) => processJob(deps, message.jobId, messageId),
  'generate-album-page': (deps, message) => designAlbumPage(deps, message),
};

function dispatch(deps: WorkerDependencies, message: JobMessage, messageId: string): Promise<unknown> {
  const handle = MESSAGE_HANDLERS[message.type] as (
    deps: WorkerDependencies,
    message: JobMessage,
    messageId: string,
  ) => Promise<unknown>;
  return handle(deps, message, messageId);
}

/**
 * The SQS-triggered worker. Records are handled one by one and failures are reported per record
 * (ReportBatchItemFailures), so one bad job never sends the whole batch back to the queue.
 *
 * A failed record is handed back with a backoff delay (its visibility timeout set to seconds, growing
 * with each delivery), so a job that met a database or storage outage is retried in seconds to
 * minutes, not after the queue's visibility timeout (72 minutes, sized for a worker that crashed). A
 * job busy with another worker comes back when that worker's lease ends.
 */
export function create(deps: WorkerDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const message = parseJobMessage(record.body);
        await dispatch(deps, message, record.messageId);
      } catch (error) {
        const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1;
        const context = { messageId: record.messageId, receiveCount };
        let notBefore = 0;
        if (error instanceof InvalidJobMessageError) {
          // Retrying cannot fix it: it goes to the dead-letter queue after maxReceiveCount deliveries.
          deps.logger.error('poison message', { ...context, reason: error.message });
        } else if (error instanceof JobBusyError) {
          notBefore = error.leaseEndsAt ? (error.leaseEndsAt.getTime() - Date.now()) / 1000 : 0;
          deps.logger.info('job busy elsewhere; will retry', context);
        } else {
          deps.logger.error('job attempt failed; will retry', { ...context, error: String(error) });
        }
        await handBack(deps, record, redeliveryDelaySeconds(receiveCount, deps.retryPolicy, notBefore));
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}

/** If the queue cannot be reached either, the message simply comes back after its visibility timeout. */
async function handBack(deps: WorkerDependencies, record: SQSRecord, delaySeconds: number): Promise<void> {
  try {
    await deps.redelivery.redeliverAfter(record.receiptHandle, delaySeconds);
    deps.logger.info('message handed back', { messageId: record.messageId, delaySeconds });
  } catch (error) {
    deps.logger.warn('could not hand the message back; it returns after the visibility timeout', {
      messageId: record.messageId,
      error: String(error),
    });
  }
}

let handler_: ReturnType<typeof create> | undefined;
/** In Lambda: the request id on every log line, job metrics published and the invocation traced. */
export const handler = (event: SQSEvent, context: Context) => {
  handler_ ??= create(workerDependencies(process.env)).use(workerMiddlewares());
  return handler_(event, context);
};
