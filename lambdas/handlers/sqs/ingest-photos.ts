import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type IngestDependencies, ingestDependencies } from '../../composition/ingest.ts';
import { logInvocation } from '../../composition/logging.ts';
import { createdObjects, InvalidStorageEventError } from '../../core/storage-event.ts';
import { ingestPhoto } from '../../core/use-cases/ingest-photo.ts';

/**
 * Storage notifications (S3 → the ingest queue, or the local S3 emulator's events) → one ingest per
 * created original. Failures are reported per record (ReportBatchItemFailures): a record whose photo
 * could not be read for a passing reason (database or storage down) comes back after the queue's
 * visibility timeout, and a message that is not a storage notification goes to the dead-letter queue.
 */
export function create(deps: IngestDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        try {
          for (const object of createdObjects(record.body)) {
            const outcome = await ingestPhoto(deps, object.key);
            deps.logger.info('storage notification handled', { storageKey: object.key, outcome });
          }
        } catch (error) {
          const message =
            error instanceof InvalidStorageEventError
              ? 'not a storage notification; it will reach the dead-letter queue'
              : 'ingest failed; will retry';
          deps.logger.error(message, {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            error: String(error),
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures };
  });
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: SQSEvent, context: Context) => {
  logInvocation(context);
  handler_ ??= create(ingestDependencies(process.env));
  return handler_(event, context);
};
