import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { LEFTOVER_ALBUM_DESCRIPTION, LEFTOVER_ALBUM_TITLE } from '../../core/album-plan.ts';
import { gaveUpMessage } from '../../core/job-lifecycle.ts';
import {
  type AttemptFence,
  type Job,
  type JobResult,
  type JoinedAlbum,
  type RejectedPhoto,
  UNCLAIMED,
} from '../../core/model.ts';
import type {
  ClaimOutcome,
  ClaimPolicy,
  JobOutcome,
  JobRepository,
  NewJob,
  PhotoDescriptionRecord,
  PlannedAlbumRecord,
  RetryOutcome,
  UndoOutcome,
} from '../../core/ports.ts';
import { renumber, repairCovers } from './postgres-album-repository.ts';
import { toJob } from './row-mappers.ts';
import type { Database } from './schema.ts';

/** Rolls the completion transaction back when another attempt owns the job. */
class LeaseLostError extends Error {}

export class PostgresJobRepository implements JobRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(job: NewJob): Promise<{ job: Job; created: boolean }> {
    const inserted = await this.#db
      .insertInto('processing_jobs')
      .values({
        id: job.id,
        owner_id: job.ownerId,
        status: 'pending',
        image_keys: job.imageKeys,
        idempotency_key: job.idempotencyKey,
      })
      .onConflict((oc) =>
        oc.columns(['owner_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: toJob(inserted), created: true };

    const existing = await this.#db
      .selectFrom('processing_jobs')
      .selectAll()
      .where('owner_id', '=', job.ownerId)
      .where('idempotency_key', '=', job.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { job: toJob(existing), created: false };
  }

  async findById(jobId: string): Promise<Job | null> {
    const row = await this.#db
      .selectFrom('processing_jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirst();
    return row ? toJob(row) : null;
  }

  async findOwned(ownerId: string, jobId: string): Promise<Job | null> {
    // One query: the job, and how many of its photos have been read. The count walks the job's own
    // keys through the storage_key index; filtered on the owner's index instead, PostgreSQL scanned
    // every photo the owner ever uploaded (4 ms a status poll after 60,000 uploads, measured).
    const row = await this.#db
      .selectFrom('processing_jobs as j')
      .selectAll('j')
      .select(
        sql<number>`(
          select count(*)::int from unnest(j.image_keys) as job_key(storage_key)
          join images i on i.storage_key = job_key.storage_key
          where i.owner_id = j.owner_id and i.status <> 'awaiting_upload'
        )`.as('photos_ready'),
      )
      .where('j.id', '=', jobId)
      .where('j.owner_id', '=', ownerId)
      .executeTakeFirst();
    if (!row) return null;
    const { photos_ready, ...job } = row;
    return { ...toJob(job), photosReady: Number(photos_ready ?? 0) };
  }

  async claim(jobId: string, policy: ClaimPolicy, claimant?: string): Promise<ClaimOutcome> {
    // One statement: only one of several concurrent deliveries can win the row.
    const claimed = await this.#db
      .updateTable('processing_jobs')
      .set({
        status: 'processing',
        attempts: sql`attempts + 1`,
        started_at: sql`now()`,
        updated_at: sql`now()`,
        claimed_by: claimant ?? null,
      })
      .where('id', '=', jobId)
      .where('attempts', '<', policy.maxAttempts)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'pending'),
          eb.and([
            eb('status', '=', 'processing'),
            eb.or([
              eb('started_at', '<', sql<Date>`now() - make_interval(secs => ${policy.leaseSeconds})`),
              ...(claimant ? [eb('claimed_by', '=', claimant)] : []),
            ]),
          ]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { kind: 'claimed', job: toJob(claimed) };

    const row = await this.#db
      .selectFrom('processing_jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirst();
    if (!row) return { kind: 'missing' };
    const job = toJob(row);
    if (job.status === 'completed' || job.status === 'failed') return { kind: 'finished', job };
    if (job.attempts < policy.maxAttempts) return { kind: 'busy', job };

    const failed = await this.#db
      .updateTable('processing_jobs')
      .set({
        status: 'failed',
        error: gaveUpMessage(job.attempts, job.error),
        completed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', jobId)
      .where('status', 'in', ['pending', 'processing'])
      .where((eb) =>
        eb.or([
          eb('status', '=', 'pending'),
          eb('started_at', '<', sql<Date>`now() - make_interval(secs => ${policy.leaseSeconds})`),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return failed ? { kind: 'exhausted', job: toJob(failed) } : { kind: 'busy', job };
  }

  async complete(jobId: string, attempt: AttemptFence, outcome: JobOutcome): Promise<boolean> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        // First, so the row lock fences out any other attempt for the rest of the transaction.
        const owned = await trx
          .updateTable('processing_jobs')
          .set({
            status: 'completed',
            result_data: jsonbText(outcome.result),
            error: null,
            completed_at: sql`now()`,
            updated_at: sql`now()`,
          })
          .where('id', '=', jobId)
          .where('status', '=', 'processing')
          .where('attempts', '=', attempt)
          .returning(['owner_id'])
          .executeTakeFirst();
        if (!owned) throw new LeaseLostError();

        await recordAnalyses(trx, outcome);
        await recordDescriptions(trx, owned.owner_id, outcome.descriptions ?? []);
        await recordRejections(trx, outcome.rejected);
        // A job writes its album set exactly once; anything from an earlier attempt is replaced.
        await trx.deleteFrom('album_images').where('added_by_job', '=', jobId).execute();
        await trx.deleteFrom('albums').where('job_id', '=', jobId).execute();
        const joins = await joinAlbums(
          trx,
          owned.owner_id,
          jobId,
          outcome.albums.filter((album) => album.joins),
        );
        const created = [...outcome.albums.filter((album) => !album.joins), ...joins.orphans];
        // The job's record says what was written, not what was planned: photos already in an album or
        // taken out of it by the user are skipped, and an album deleted meanwhile became a new one.
        await trx
          .updateTable('processing_jobs')
          .set({
            result_data: jsonbText({
              ...outcome.result,
              albumCount: created.length + joins.joined.length,
              newAlbums: created.length,
              joined: joins.joined,
            } satisfies JobResult),
          })
          .where('id', '=', jobId)
          .execute();
        if (created.length === 0) return;
        await trx
          .insertInto('albums')
          .values(
            created.map((album) => ({
              id: album.id,
              owner_id: owned.owner_id,
              job_id: jobId,
              title: album.title,
              theme_description: album.themeDescription,
              cover_image_id: album.coverImageId,
            })),
          )
          .execute();
        const memberships = created.flatMap((album) =>
          album.imageIds.map((imageId, index) => ({
            album_id: album.id,
            image_id: imageId,
            display_order: index,
            added_by_job: jobId,
          })),
        );
        // Stay far below PostgreSQL's 65,535 bind parameters per statement.
        for (let start = 0; start < memberships.length; start += 5_000) {
          await trx
            .insertInto('album_images')
            .values(memberships.slice(start, start + 5_000))
            .execute();
        }
      });
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
  }

  async fail(
    jobId: string,
    attempt: AttemptFence,
    error: string,
    rejected: RejectedPhoto[],
  ): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('processing_jobs')
        .set({
          status: 'failed',
          error,
          result_data: JSON.stringify({ organizer: 'fallback', albumCount: 0, placedCount: 0, rejected }),
          completed_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', jobId)
        .where('status', 'in', attempt === UNCLAIMED ? ['pending'] : ['processing'])
        .where('attempts', '=', attempt)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await recordRejections(trx, rejected);
      return true;
    });
  }

  async resetFailed(ownerId: string, jobId: string): Promise<RetryOutcome> {
    const reset = await this.#db
      .updateTable('processing_jobs')
      .set({
        status: 'pending',
        attempts: 0,
        error: null,
        result_data: null,
        started_at: null,
        completed_at: null,
        updated_at: sql`now()`,
      })
      .where('id', '=', jobId)
      .where('owner_id', '=', ownerId)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
    if (reset) return { kind: 'reset', job: toJob(reset) };
    const job = await this.findOwned(ownerId, jobId);
    return job ? { kind: 'not_failed', job } : { kind: 'missing' };
  }

  async undo(ownerId: string, jobId: string, notBefore: Date): Promise<UndoOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('processing_jobs')
        .selectAll()
        .where('id', '=', jobId)
        .where('owner_id', '=', ownerId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return { kind: 'missing' };
      const job = toJob(row);
      if (job.undoneAt) return { kind: 'undone', job };
      if (job.status !== 'completed') return { kind: 'not_completed', job };
      if (!job.completedAt || job.completedAt < notBefore) return { kind: 'expired', job };

      // The owner's albums it touched, locked in id order like every album edit (no deadlocks).
      const touched = await trx
        .selectFrom('albums')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where((eb) =>
          eb.or([
            eb('job_id', '=', jobId),
            eb.exists(
              eb
                .selectFrom('album_images as ai')
                .select('ai.image_id')
                .whereRef('ai.album_id', '=', 'albums.id')
                .where('ai.added_by_job', '=', jobId),
            ),
          ]),
        )
        .orderBy('id')
        .forUpdate()
        .execute();
      await trx.deleteFrom('album_images').where('added_by_job', '=', jobId).execute();
      // The job's own albums go only when nothing else holds them: a photo added by hand or by a later
      // job, a title or description the user wrote, keeps the album (the user's from now on).
      await trx
        .deleteFrom('albums')
        .where('job_id', '=', jobId)
        .where('owner_id', '=', ownerId)
        .where('title_edited', '=', false)
        .where('description_edited', '=', false)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('album_images as ai')
                .select('ai.image_id')
                .whereRef('ai.album_id', '=', 'albums.id'),
            ),
          ),
        )
        .execute();
      await trx.updateTable('albums').set({ job_id: null }).where('job_id', '=', jobId).execute();
      const kept = touched.map((album) => album.id);
      await renumber(trx, ownerId, kept);
      await repairCovers(trx, ownerId, kept);
      const undone = await trx
        .updateTable('processing_jobs')
        .set({ undone_at: sql`now()`, updated_at: sql`now()` })
        .where('id', '=', jobId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { kind: 'undone', job: toJob(undone) };
    });
  }

  async release(jobId: string, attempt: AttemptFence, error: string): Promise<void> {
    await this.#db
      .updateTable('processing_jobs')
      .set({ status: 'pending', error, updated_at: sql`now()` })
      .where('id', '=', jobId)
      .where('status', '=', 'processing')
      .where('attempts', '=', attempt)
      .execute();
  }
}

/**
 * Appends each joining album's photos to the existing album, marked as this job's (so undoing the job
 * takes them out again); its title and description stay, and so does its cover (an album with none
 * gets its first photo). Photos already there, and photos the user took out of it, are skipped. An
 * album deleted since it was offered is not revived: its photos come back as new albums to create,
 * under the leftover title. Returns those, and how many photos each album actually received.
 */
async function joinAlbums(
  trx: Transaction<Database>,
  ownerId: string,
  jobId: string,
  joins: readonly PlannedAlbumRecord[],
): Promise<{ orphans: PlannedAlbumRecord[]; joined: JoinedAlbum[] }> {
  if (joins.length === 0) return { orphans: [], joined: [] };
  const live = await trx
    .selectFrom('albums')
    .select(['id', 'title'])
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .where(
      'id',
      'in',
      joins.map((album) => album.id),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const titles = new Map(live.map((album) => [album.id, album.title]));
  const orphans: PlannedAlbumRecord[] = [];
  const joined: JoinedAlbum[] = [];
  for (const album of joins) {
    const title = titles.get(album.id);
    if (title === undefined) {
      orphans.push({
        id: randomUUID(),
        title: LEFTOVER_ALBUM_TITLE,
        themeDescription: LEFTOVER_ALBUM_DESCRIPTION,
        coverImageId: album.coverImageId,
        imageIds: album.imageIds,
      });
      continue;
    }
    // Numbered after the album's last photo, counting only the photos that go in (no gaps).
    const inserted = await sql`
      insert into album_images (album_id, image_id, display_order, added_by_job)
      select ${album.id}, f.image_id, b.base + (row_number() over (order by f.n))::int - 1, ${jobId}
      from (
        select v.image_id, v.n from unnest(${album.imageIds}::uuid[]) with ordinality as v(image_id, n)
        where not exists (select 1 from album_images m where m.album_id = ${album.id} and m.image_id = v.image_id)
          and not exists (select 1 from album_exclusions e where e.album_id = ${album.id} and e.image_id = v.image_id)
      ) as f,
      (select coalesce(max(display_order) + 1, 0) as base from album_images where album_id = ${album.id}) as b
    `.execute(trx);
    const added = Number(inserted.numAffectedRows ?? 0n);
    if (added > 0) joined.push({ albumId: album.id, title, added });
  }
  await repairCovers(trx, ownerId, [...titles.keys()]);
  return { orphans, joined };
}

async function recordAnalyses(trx: Transaction<Database>, outcome: JobOutcome): Promise<void> {
  const analyses = outcome.analyses;
  if (analyses.length === 0) return;
  // One statement for the whole batch: parallel arrays unnested into rows.
  await sql`
    update images as i set
      status = 'ready',
      rejection_reason = null,
      preview_key = v.preview_key,
      thumbnail_key = v.thumbnail_key,
      width = v.width,
      height = v.height,
      taken_at = v.taken_at,
      place_city = v.place_city,
      place_country = v.place_country,
      updated_at = now()
    from unnest(
      ${analyses.map((a) => a.imageId)}::uuid[],
      ${analyses.map((a) => a.previewKey)}::text[],
      ${analyses.map((a) => a.thumbnailKey)}::text[],
      ${analyses.map((a) => a.width)}::int[],
      ${analyses.map((a) => a.height)}::int[],
      ${analyses.map((a) => a.takenAt?.toISOString() ?? null)}::timestamptz[],
      ${analyses.map((a) => a.place?.city ?? null)}::text[],
      ${analyses.map((a) => a.place?.country ?? null)}::text[]
    ) as v(id, preview_key, thumbnail_key, width, height, taken_at, place_city, place_country)
    where i.id = v.id
  `.execute(trx);
}

/**
 * What the organizing says each photo is about replaces what an earlier organizing said: one statement
 * for the batch. Tags travel as one JSON array per photo (PostgreSQL arrays cannot be ragged).
 */
async function recordDescriptions(
  trx: Transaction<Database>,
  ownerId: string,
  descriptions: readonly PhotoDescriptionRecord[],
): Promise<void> {
  if (descriptions.length === 0) return;
  await sql`
    update images as i set
      caption = v.caption,
      tags = array(select t.tag from jsonb_array_elements_text(v.tags::jsonb) with ordinality as t(tag, n) order by t.n),
      description_source = v.source,
      updated_at = now()
    from unnest(
      ${descriptions.map((d) => d.imageId)}::uuid[],
      ${descriptions.map((d) => d.caption)}::text[],
      ${descriptions.map((d) => JSON.stringify(d.tags))}::text[],
      ${descriptions.map((d) => d.source)}::text[]
    ) as v(id, caption, tags, source)
    where i.id = v.id and i.owner_id = ${ownerId}
  `.execute(trx);
}

/**
 * JSON text PostgreSQL's jsonb takes: it refuses the NUL character and unpaired surrogates ("unsupported
 * Unicode escape sequence"), which an untrusted model answer kept in result_data may hold. They are
 * dropped from keys and strings alike; everything else is kept as it was.
 */
export function jsonbText(value: unknown): string {
  const clean = (text: string) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what jsonb refuses.
    text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
  const sanitize = (inner: unknown): unknown => {
    if (typeof inner === 'string') return clean(inner);
    if (Array.isArray(inner)) return inner.map(sanitize);
    if (inner === null || typeof inner !== 'object' || inner instanceof Date) return inner;
    return Object.fromEntries(Object.entries(inner).map(([key, entry]) => [clean(key), sanitize(entry)]));
  };
  return JSON.stringify(sanitize(value));
}

async function recordRejections(trx: Transaction<Database>, rejected: RejectedPhoto[]): Promise<void> {
  const known = rejected.filter((photo) => photo.imageId !== '');
  if (known.length === 0) return;
  await sql`
    update images as i set status = 'rejected', rejection_reason = v.reason, updated_at = now()
    from unnest(${known.map((r) => r.imageId)}::uuid[], ${known.map((r) => r.reason)}::text[]) as v(id, reason)
    where i.id = v.id and i.status <> 'ready'
  `.execute(trx);
}
