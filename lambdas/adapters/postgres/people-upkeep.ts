/**
 * Keeping a user's people true when faces come and go. Every change to an owner's faces or people
 * runs in a transaction that first takes the owner's row (lockOwner), so that they happen one after
 * the other and always in the same lock order: the owner, then photos, then people.
 */
import type { Transaction } from 'kysely';
import { meanDescriptor } from '../../core/people.ts';
import type { Database } from './schema.ts';

type Trx = Transaction<Database>;

/**
 * Holds the owner's row until the transaction ends. FOR NO KEY UPDATE: it waits for another such
 * lock and for the settings update, but not for inserts of the owner's photos, jobs or albums (their
 * foreign keys take only a key-share lock on the row).
 */
export function lockOwner(trx: Trx, ownerId: string): Promise<{ people_recognition: boolean } | undefined> {
  return trx
    .selectFrom('users')
    .select('people_recognition')
    .where('id', '=', ownerId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

/**
 * Deletes the faces of these photos of the owner (read again, or about to be deleted) and recomputes
 * each person they belonged to from the faces left: the exact mean and count. A person left with none
 * keeps their mean with a count of 0 (a photo read again finds them by it); deleteFaceless ends them.
 */
export async function forgetFaces(trx: Trx, ownerId: string, imageIds: readonly string[]): Promise<void> {
  if (imageIds.length === 0) return;
  const removed = await trx
    .deleteFrom('faces')
    .where('owner_id', '=', ownerId)
    .where('image_id', 'in', [...imageIds])
    .returning('person_id')
    .execute();
  const affected = [...new Set(removed.flatMap((face) => (face.person_id ? [face.person_id] : [])))].sort();
  if (affected.length === 0) return;
  const left = await trx
    .selectFrom('faces')
    .select(['person_id', 'descriptor'])
    .where('person_id', 'in', affected)
    .execute();
  for (const personId of affected) {
    const descriptors = left.filter((face) => face.person_id === personId).map((face) => face.descriptor);
    await trx
      .updateTable('people')
      .set((eb) => ({
        face_count: descriptors.length,
        centroid: descriptors.length > 0 ? meanDescriptor(descriptors) : eb.ref('centroid'),
        updated_at: new Date(),
      }))
      .where('id', '=', personId)
      .execute();
  }
}

/** Deletes the owner's people who have no face left. */
export async function deleteFaceless(trx: Trx, ownerId: string): Promise<void> {
  await trx.deleteFrom('people').where('owner_id', '=', ownerId).where('face_count', '=', 0).execute();
}
