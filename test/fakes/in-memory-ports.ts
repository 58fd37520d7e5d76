/** Strict in-memory fakes of the core's ports: fast, and they fail loudly on misuse. */
import { randomUUID } from 'node:crypto';
import { ImageRejectedError, PlannerUnavailableError } from '../../lambdas/core/errors.ts';
import type { Job, Photo } from '../../lambdas/core/model.ts';
import type {
  AlbumPlanner,
  AnalyzedImage,
  ClaimOutcome,
  ClaimPolicy,
  ImageAnalyzer,
  JobOutcome,
  JobRepository,
  NewJob,
  PhotoRepository,
  PhotoStorage,
  PhotoUrlSigner,
  PlannerAnswer,
  PlannerPhoto,
} from '../../lambdas/core/ports.ts';

export class InMemoryPhotos implements PhotoRepository {
  readonly rows = new Map<string, Photo>();

  async addAwaitingUpload(photos: Parameters<PhotoRepository['addAwaitingUpload']>[0]): Promise<void> {
    for (const photo of photos) {
      if ([...this.rows.values()].some((row) => row.storageKey === photo.storageKey))
        throw new Error('duplicate storage key');
      this.rows.set(photo.id, {
        ...photo,
        previewKey: null,
        thumbnailKey: null,
        width: null,
        height: null,
        takenAt: null,
        place: null,
        status: 'awaiting_upload',
        rejectionReason: null,
        createdAt: new Date(),
      });
    }
  }

  async purgeUnorganized(): Promise<number> {
    throw new Error('InMemoryPhotos.purgeUnorganized is not used by the core tests');
  }

  async findOwnedByKeys(ownerId: string, keys: string[]): Promise<Photo[]> {
    return [...this.rows.values()].filter((row) => row.ownerId === ownerId && keys.includes(row.storageKey));
  }
}

export class InMemoryJobs implements JobRepository {
  readonly rows = new Map<string, Job>();
  readonly outcomes = new Map<string, JobOutcome>();
  /** Simulates another attempt stealing the job between claim and completion. */
  loseLeaseOnComplete = false;

  async create(job: NewJob) {
    const existing = [...this.rows.values()].find(
      (row) =>
        job.idempotencyKey !== null &&
        row.ownerId === job.ownerId &&
        (row as Job & { key?: string }).key === job.idempotencyKey,
    );
    if (existing) return { job: existing, created: false };
    const row = {
      id: job.id,
      ownerId: job.ownerId,
      status: 'pending' as const,
      imageKeys: job.imageKeys,
      attempts: 0,
      error: null,
      result: null,
      createdAt: new Date(),
      startedAt: null,
      completedAt: null,
      key: job.idempotencyKey,
    };
    this.rows.set(job.id, row);
    return { job: row, created: true };
  }

  async findOwned(ownerId: string, jobId: string) {
    const row = this.rows.get(jobId);
    return row && row.ownerId === ownerId ? row : null;
  }

  async claim(jobId: string, policy: ClaimPolicy): Promise<ClaimOutcome> {
    const row = this.rows.get(jobId);
    if (!row) return { kind: 'missing' };
    if (row.status === 'completed' || row.status === 'failed') return { kind: 'finished', job: row };
    if (row.status === 'processing') return { kind: 'busy', job: row };
    if (row.attempts >= policy.maxAttempts) {
      Object.assign(row, { status: 'failed', error: 'gave up' });
      return { kind: 'exhausted', job: row };
    }
    Object.assign(row, { status: 'processing', attempts: row.attempts + 1, startedAt: new Date() });
    return { kind: 'claimed', job: { ...row } };
  }

  async complete(jobId: string, attempt: number, outcome: JobOutcome) {
    const row = this.rows.get(jobId);
    if (row?.status !== 'processing' || row.attempts !== attempt || this.loseLeaseOnComplete) return false;
    Object.assign(row, { status: 'completed', result: outcome.result, completedAt: new Date() });
    this.outcomes.set(jobId, outcome);
    return true;
  }

  async fail(jobId: string, attempt: number, error: string) {
    const row = this.rows.get(jobId);
    if (!row || row.attempts !== attempt) return false;
    Object.assign(row, { status: 'failed', error });
    return true;
  }

  async resetFailed(ownerId: string, jobId: string) {
    const row = this.rows.get(jobId);
    if (!row || row.ownerId !== ownerId) return { kind: 'missing' as const };
    if (row.status !== 'failed') return { kind: 'not_failed' as const, job: row };
    Object.assign(row, {
      status: 'pending',
      attempts: 0,
      error: null,
      result: null,
      startedAt: null,
      completedAt: null,
    });
    return { kind: 'reset' as const, job: row };
  }

  async release(jobId: string, attempt: number, error: string) {
    const row = this.rows.get(jobId);
    if (row && row.status === 'processing' && row.attempts === attempt)
      Object.assign(row, { status: 'pending', error });
  }
}

/** Objects in memory, and fake signed URLs for them (both ports, as one S3 bucket serves both). */
export class InMemoryStorage implements PhotoStorage, PhotoUrlSigner {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  failGets = false;

  async presignUpload(input: { key: string; contentType: string }) {
    return { url: `memory://${input.key}?signed`, headers: { 'Content-Type': input.contentType } };
  }
  async presignDownload(key: string) {
    return `memory://${key}?signed-get`;
  }
  async head(key: string) {
    const object = this.objects.get(key);
    return object ? { contentLength: object.body.byteLength, contentType: object.contentType } : null;
  }
  async get(key: string) {
    if (this.failGets) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return this.objects.get(key)?.body ?? null;
  }
  readonly kept = new Set<string>();

  async keep(key: string) {
    if (!this.objects.has(key)) throw new Error(`keep: no object ${key}`);
    this.kept.add(key);
  }

  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
}

/** Treats the bytes as a UTF-8 JSON description of the photo, or rejects "not-an-image". */
export class FakeAnalyzer implements ImageAnalyzer {
  async analyze(bytes: Uint8Array): Promise<AnalyzedImage> {
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.startsWith('{')) throw new ImageRejectedError('the file is not an image');
    const meta = JSON.parse(text) as { takenAt?: string; gps?: { latitude: number; longitude: number } };
    return {
      preview: new Uint8Array([1, 2, 3]),
      thumbnail: new Uint8Array([1, 2]),
      modelImage: new Uint8Array([4, 5]),
      width: 4,
      height: 3,
      takenAt: meta.takenAt ? new Date(meta.takenAt) : null,
      gps: meta.gps ?? null,
      camera: null,
    };
  }
}

export class ScriptedPlanner implements AlbumPlanner {
  readonly calls: PlannerPhoto[][] = [];
  answer: (photos: PlannerPhoto[]) => PlannerAnswer | Promise<PlannerAnswer> = (photos) => ({
    organizer: 'gemini',
    model: 'fake-model',
    usage: { promptTokens: 10, outputTokens: 5, totalTokens: 15 },
    raw: {
      albums: [{ title: 'Everything', description: 'All of it', photoIds: photos.map((photo) => photo.ref) }],
    },
  });

  async plan(photos: PlannerPhoto[]): Promise<PlannerAnswer> {
    this.calls.push(photos);
    return this.answer(photos);
  }

  failWith(message: string): void {
    this.answer = () => {
      throw new PlannerUnavailableError(message);
    };
  }
}

export const sequentialIds = () => {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
};

export const newId = () => randomUUID();
