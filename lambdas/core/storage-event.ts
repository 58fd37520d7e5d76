/**
 * The message storage sends when objects change (S3 event notifications delivered to SQS, and the
 * local S3 emulator's events in the same shape): which keys were created. Untrusted input, parsed
 * strictly: anything else is an error the queue keeps for the dead-letter queue.
 */
export class InvalidStorageEventError extends Error {
  override name = 'InvalidStorageEventError';
}

export interface CreatedObject {
  key: string;
  /** S3's per-key ordering token (hex); later events for a key have larger ones. */
  sequencer: string | null;
}

/** The created objects a notification names; none for S3's `s3:TestEvent` or removal events. */
export function createdObjects(body: string): CreatedObject[] {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    throw new InvalidStorageEventError('the message is not JSON');
  }
  if (typeof message !== 'object' || message === null) throw new InvalidStorageEventError('not an object');
  // Sent once when the notification is configured.
  if ((message as { Event?: unknown }).Event === 's3:TestEvent') return [];
  const records = (message as { Records?: unknown }).Records;
  if (!Array.isArray(records)) throw new InvalidStorageEventError('the message has no Records');
  const created: CreatedObject[] = [];
  for (const record of records) {
    const { eventName, s3 } = (record ?? {}) as { eventName?: unknown; s3?: { object?: unknown } };
    if (typeof eventName !== 'string') throw new InvalidStorageEventError('a record has no eventName');
    if (!eventName.startsWith('ObjectCreated:')) continue;
    const object = s3?.object as { key?: unknown; sequencer?: unknown } | undefined;
    if (typeof object?.key !== 'string' || object.key === '')
      throw new InvalidStorageEventError('a record names no object key');
    created.push({
      key: decodeKey(object.key),
      sequencer: typeof object.sequencer === 'string' ? object.sequencer : null,
    });
  }
  return created;
}

/** S3 sends keys URL-encoded, with spaces as "+". */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new InvalidStorageEventError('a record names a malformed object key');
  }
}
