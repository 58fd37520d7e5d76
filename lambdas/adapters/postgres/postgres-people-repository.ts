import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { assignFaces, type KnownPerson, withoutFace } from '../../core/people.ts';
import type { FoundFace, PeopleRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

export class PostgresPeopleRepository implements PeopleRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  recordFaces(ownerId: string, imageId: string, faces: readonly FoundFace[]): Promise<'recorded' | 'off'> {
    return this.#db.transaction().execute(async (trx) => {
      // The owner's row is the lock: one photo of an owner is clustered at a time, and a setting turned
      // off (which takes the same row) is seen here.
      const owner = await lockOwner(trx, ownerId);
      if (!owner?.people_recognition) return 'off';
      const photo = await trx
        .selectFrom('images')
        .select('id')
        .where('id', '=', imageId)
        .where('owner_id', '=', ownerId)
        .executeTakeFirst();
      if (!photo) return 'recorded';

      await forgetFaces(trx, ownerId, imageId);
      const known = (
        await trx
          .selectFrom('people')
          .select(['id', 'centroid', 'face_count'])
          .where('owner_id', '=', ownerId)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).map((row): KnownPerson => ({ id: row.id, centroid: row.centroid, faceCount: row.face_count }));

      const assignment = assignFaces(
        faces.map((face) => face.descriptor),
        known,
      );
      const createdIds = assignment.created.map(() => randomUUID());
      if (assignment.created.length > 0) {
        await trx
          .insertInto('people')
          .values(
            assignment.created.map((person, index) => ({
              id: createdIds[index] as string,
              owner_id: ownerId,
              centroid: person.centroid,
              face_count: person.faceCount,
            })),
          )
          .execute();
      }
      for (const person of assignment.updated) {
        await trx
          .updateTable('people')
          .set({ centroid: person.centroid, face_count: person.faceCount, updated_at: new Date() })
          .where('id', '=', person.id)
          .execute();
      }
      if (faces.length > 0) {
        await trx
          .insertInto('faces')
          .values(
            faces.map((face, index) => {
              const person = assignment.people[index];
              return {
                image_id: imageId,
                owner_id: ownerId,
                person_id: typeof person === 'string' ? person : (createdIds[person?.created ?? -1] ?? null),
                box_x: face.box.x,
                box_y: face.box.y,
                box_width: face.box.width,
                box_height: face.box.height,
                score: face.score,
                descriptor: face.descriptor,
              };
            }),
          )
          .execute();
      }
      // People whose only face was this photo's and who did not get it back.
      await trx.deleteFrom('people').where('owner_id', '=', ownerId).where('face_count', '=', 0).execute();
      return 'recorded';
    });
  }

  async peopleInPhotos(ownerId: string, imageIds: readonly string[]): Promise<Map<string, string[]>> {
    const people = new Map<string, string[]>();
    if (imageIds.length === 0) return people;
    const rows = await this.#db
      .selectFrom('faces')
      .select(['image_id', 'person_id'])
      .where('owner_id', '=', ownerId)
      .where('image_id', 'in', [...imageIds])
      .where('person_id', 'is not', null)
      .orderBy('image_id')
      .orderBy('box_x')
      .execute();
    for (const row of rows) {
      const list = people.get(row.image_id) ?? [];
      if (row.person_id && !list.includes(row.person_id)) list.push(row.person_id);
      people.set(row.image_id, list);
    }
    return people;
  }
}

/**
 * After photos were deleted (their faces went with them): each person of these owners counts the faces
 * left, and a person with none is deleted. The mean descriptor stays as it was: a close enough
 * representative of the faces left. Run it inside the deleting transaction, after the owner's row was
 * locked (lockOwner), so that it never interleaves with recordFaces.
 */
export async function settlePeople(db: Kysely<Database>, ownerIds: readonly string[]): Promise<void> {
  if (ownerIds.length === 0) return;
  await db
    .updateTable('people')
    .set((eb) => ({
      face_count: eb
        .selectFrom('faces')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('faces.person_id', '=', 'people.id'),
    }))
    .where('owner_id', 'in', [...ownerIds])
    .execute();
  await db
    .deleteFrom('people')
    .where('owner_id', 'in', [...ownerIds])
    .where('face_count', '=', 0)
    .execute();
}

/** Holds the owner's row until the transaction ends: people are changed one transaction at a time. */
export async function lockOwner(
  db: Kysely<Database>,
  ownerId: string,
): Promise<{ people_recognition: boolean } | undefined> {
  return db
    .selectFrom('users')
    .select('people_recognition')
    .where('id', '=', ownerId)
    .forUpdate()
    .executeTakeFirst();
}

/** Deletes a photo's faces and takes each out of its person (people.ts, withoutFace). */
async function forgetFaces(trx: Transaction<Database>, ownerId: string, imageId: string): Promise<void> {
  const removed = await trx
    .deleteFrom('faces')
    .where('image_id', '=', imageId)
    .where('owner_id', '=', ownerId)
    .returning(['person_id', 'descriptor'])
    .execute();
  for (const face of removed) {
    if (!face.person_id) continue;
    const row = await trx
      .selectFrom('people')
      .select(['id', 'centroid', 'face_count'])
      .where('id', '=', face.person_id)
      .executeTakeFirst();
    if (!row) continue;
    const remaining = withoutFace(
      { id: row.id, centroid: row.centroid, faceCount: row.face_count },
      face.descriptor,
    );
    await trx
      .updateTable('people')
      .set({ centroid: [...remaining.centroid], face_count: remaining.faceCount, updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
  }
}
