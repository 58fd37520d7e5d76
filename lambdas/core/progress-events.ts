/**
 * What live progress says (progress.ts publishes it): the shapes pages receive as JSON, one event
 * per message.
 */

/**
 * The AppSync Events channel namespace progress is published to: the infrastructure creates it
 * (lib/constructs/live-progress.ts) and the publisher names channels in it.
 */
export const PROGRESS_NAMESPACE = 'progress';

/** A photo was read as it landed: ready to organize, or rejected with the reason. */
export interface PhotoProgress {
  type: 'photo';
  imageId: string;
  /** The photo's storage key: the upload screen knows its files by it. */
  key: string;
  status: 'ready' | 'rejected';
  reason?: string;
}

export type JobStage = 'waiting-for-photos' | 'asking-the-model' | 'saving' | 'completed' | 'failed';

/** Where a job stands; the final status body stays one GET away (GET /api/jobs/{id}/status). */
export interface JobProgress {
  type: 'job';
  jobId: string;
  stage: JobStage;
  /** While it waits for photos still being read: how many of the job's photos are read. */
  photosReady?: number;
  photoCount?: number;
  /** completed: albums written (new or joined) and photos left out. */
  albums?: number;
  rejected?: number;
  /** failed: why. */
  error?: string;
}

export type ProgressEvent = PhotoProgress | JobProgress;
