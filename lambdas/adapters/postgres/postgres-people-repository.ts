import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { assignFaces, type KnownPerson } from '../../core/people.ts';
import type { FoundFace, PeopleRepository, RecordFacesOutcome } from '../../core/ports.ts';
import { deleteFaceless, forgetFaces, lockOwner } from './people-upkeep.ts';
import type { Database } from './schema.ts';

export class PostgresPeopleRepository implements PeopleRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  recordFaces(ownerId: string, imageId: string, faces: readonly FoundFace[]): Promise<RecordFacesOutcome> {
    return this.#db.transaction().execute(async (trx) => {
      // The owner's row first (people-upkeep.ts): one photo of an owner is clustered at a time, and a
      // setting turned off (which updates the same row) is seen here.
      const owner = await lockOwner(trx, ownerId);
      if (!owner?.people_recognition) return 'off';
      const photo = await trx
        .selectFrom('images')
        .select('id')
        .where('id', '=', imageId)
        .where('owner_id', '=', ownerId)
        .forKeyShare()
        .executeTakeFirst();
      if (!photo) return 'missing';

      // Read again: its old faces go first; their people keep their ids for the same faces.
      await forgetFaces(trx, ownerId, [imageId]);
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
        randomUUID,
      );
      if (assignment.created.length > 0) {
        await trx
          .insertInto('people')
          .values(
            assignment.created.map((person) => ({
              id: person.id,
              owner_id: ownerId,
              centroid: [...person.centroid],
              face_count: person.faceCount,
            })),
          )
          .execute();
      }
      for (const person of assignment.updated) {
        await trx
          .updateTable('people')
          .set({ centroid: [...person.centroid], face_count: person.faceCount, updated_at: new Date() })
          .where('id', '=', person.id)
          .execute();
      }
      if (faces.length > 0) {
        await trx
          .insertInto('faces')
          .values(
            faces.map((face, index) => ({
              image_id: imageId,
              owner_id: ownerId,
              person_id: assignment.personIds[index] ?? null,
              box_x: face.box.x,
              box_y: face.box.y,
              box_width: face.box.width,
              box_height: face.box.height,
              score: face.score,
              descriptor: face.descriptor,
            })),
          )
          .execute();
      }
      // People whose only face was this photo's and who did not get it back.
      await deleteFaceless(trx, ownerId);
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
