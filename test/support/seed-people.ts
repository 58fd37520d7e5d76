/**
 * People written straight into a running local app: recognition turned on for the owner and made-up
 * faces recorded on their photos through the real people repository (so clustering and storage are the
 * real ones). For tests about who may see or change people; the face reader on real photos has its own
 * tests (test/integration/people.test.ts, test/e2e/people.test.ts).
 */
import { sql } from 'kysely';
import type { FoundFace } from '../../lambdas/core/ports.ts';
import type { LocalApp } from '../../lambdas/local-runtime/local-app.ts';

/**
 * A face of made-up person number `n` (0–127): the same n gives the same descriptor, two different n
 * are √2 apart, far beyond the same-person distance.
 */
export function madeUpFace(n: number, box = { x: 0.3, y: 0.2, width: 0.3, height: 0.4 }): FoundFace {
  return { box, score: 0.9, descriptor: Array.from({ length: 128 }, (_, index) => (index === n ? 1 : 0)) };
}

/**
 * Turns people recognition on for `ownerId` and records, for each photo, faces of the made-up people
 * numbered; answers each number's person id.
 */
export async function seedPeople(
  app: LocalApp,
  ownerId: string,
  faces: Readonly<Record<string, readonly number[]>>,
): Promise<Map<number, string>> {
  await ingestSettled(app, Object.keys(faces));
  await app.http.settings.update(ownerId, { peopleRecognition: true });
  for (const [imageId, numbers] of Object.entries(faces)) {
    const outcome = await app.http.people.recordFaces(
      ownerId,
      imageId,
      numbers.map((n) => madeUpFace(n)),
    );
    if (outcome !== 'recorded') throw new Error(`faces of ${imageId} not recorded: ${outcome}`);
  }
  const ids = new Map<number, string>();
  for (const n of new Set(Object.values(faces).flat())) {
    // The made-up descriptor of n is 1 at position n (PostgreSQL arrays count from 1).
    const face = await app.http.db
      .selectFrom('faces')
      .select('person_id')
      .where('owner_id', '=', ownerId)
      .where(sql<number>`descriptor[${n + 1}]`, '=', 1)
      .executeTakeFirstOrThrow();
    if (face.person_id) ids.set(n, face.person_id);
  }
  return ids;
}

/**
 * Seeded photos' files go through the local storage, whose events start ingest as S3's would: ingest
 * then re-reads each photo and, with recognition on, replaces its faces with the ones it really finds
 * (none, on a plain colour) — made-up faces recorded before that would vanish with their people, at a
 * moment that depends on the queue. So wait (up to 10 s) until each photo was read, before turning
 * recognition on. A photo whose event came before its row was written is never read: the wait ends.
 */
async function ingestSettled(app: LocalApp, imageIds: readonly string[]): Promise<void> {
  if (imageIds.length === 0) return;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const unread = await app.http.db
      .selectFrom('images')
      .select('id')
      .where('id', 'in', [...imageIds])
      .where('ingested_at', 'is', null)
      .execute();
    if (unread.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
