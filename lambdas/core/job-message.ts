/**
 * The queue contract between `POST /api/galleries/process` and the worker: small, typed, versioned.
 * A new field means a new version, and the worker keeps accepting the old one until the queue drains.
 */
import { parseId } from './ids.ts';

export interface ProcessJobMessageV1 {
  version: 1;
  type: 'process-job';
  jobId: string;
}

export type JobMessage = ProcessJobMessageV1;

export function processJobMessage(jobId: string): ProcessJobMessageV1 {
  return { version: 1, type: 'process-job', jobId };
}

export class InvalidJobMessageError extends Error {}

/** Parses a queue message body; anything unexpected is rejected with the reason. */
export function parseJobMessage(body: string): JobMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidJobMessageError('message body is not JSON');
  }
  const message = value as Partial<ProcessJobMessageV1> | null;
  if (typeof message !== 'object' || message === null)
    throw new InvalidJobMessageError('message is not an object');
  if (message.version !== 1)
    throw new InvalidJobMessageError(`unsupported message version ${String(message.version)}`);
  if (message.type !== 'process-job')
    throw new InvalidJobMessageError(`unknown message type ${String(message.type)}`);
  const jobId = parseId(message.jobId);
  if (jobId === null) throw new InvalidJobMessageError('jobId is not a UUID');
  return { version: 1, type: 'process-job', jobId };
}
