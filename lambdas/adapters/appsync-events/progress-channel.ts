/**
 * Whose channel is whose. Each user listens on `/progress/<segment>`, where the segment is the
 * identity provider's subject (the token's `sub`) — AppSync's onSubscribe handler compares it with
 * `ctx.identity.sub` (lib/constructs/live-progress.ts). AppSync allows channel segments of 1–50
 * letters, digits and dashes: Cognito's subjects (UUIDs) always are; a subject that is not (the
 * local runtime's `local:<name>`) is named by a hash of it instead. web/js/live-progress.js
 * computes the same segment.
 */
import { createHash } from 'node:crypto';
import { PROGRESS_NAMESPACE } from '../../core/progress-events.ts';

export { PROGRESS_NAMESPACE };

/** What AppSync Events accepts as one segment of a channel path. */
export const CHANNEL_SEGMENT = /^[A-Za-z0-9-]{1,50}$/;

export function progressChannelSegment(subject: string): string {
  if (CHANNEL_SEGMENT.test(subject)) return subject;
  return `h-${createHash('sha256').update(subject, 'utf8').digest('hex').slice(0, 40)}`;
}

export function progressChannel(subject: string): string {
  return `/${PROGRESS_NAMESPACE}/${progressChannelSegment(subject)}`;
}
