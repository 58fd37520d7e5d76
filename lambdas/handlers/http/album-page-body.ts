import type { AlbumPageView } from '../../core/use-cases/album-page.ts';

/** The public shape of an album's page (GET, PATCH and POST …/page answer it alike). */
export function albumPageBody({ updatedAt, job, ...page }: AlbumPageView) {
  return {
    ...page,
    updatedAt: updatedAt?.toISOString() ?? null,
    job: {
      status: job.status,
      requestedAt: job.requestedAt?.toISOString() ?? null,
      designedAt: job.designedAt?.toISOString() ?? null,
      attempts: job.attempts,
      error: job.error,
      model: job.model,
      usage: job.usage,
    },
  };
}
