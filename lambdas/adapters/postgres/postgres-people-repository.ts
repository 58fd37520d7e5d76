import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { assignFaces, type KnownPerson, meanDescriptor } from '../../core/people.ts';
import type {
  FoundFace,
  PeopleRepository,
  PersonChanges,
  PersonRecord,
  RecordFacesOutcome,
} from '../../core/ports.ts';
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

  listPeople(ownerId: string): Promise<PersonRecord[]> {
    return selectPeople(this.#db, ownerId, null);
  }

  async updatePerson(
    ownerId: string,
    personId: string,
    changes: PersonChanges,
  ): Promise<PersonRecord | null> {
    const updated = await this.#db
      .updateTable('people')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', personId)
      .where('owner_id', '=', ownerId)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return null;
    return (await selectPeople(this.#db, ownerId, personId))[0] ?? null;
  }

  mergePeople(ownerId: string, personId: string, intoId: string): Promise<PersonRecord | null> {
    return this.#db.transaction().execute(async (trx) => {
      // The owner's row first, as every change to people takes it (people-upkeep.ts): a photo being
      // clustered meanwhile sees the merged person, never the one merged away.
      const owner = await lockOwner(trx, ownerId);
      if (!owner?.people_recognition) return null;
      const both = await trx
        .selectFrom('people')
        .select(['id', 'name'])
        .where('owner_id', '=', ownerId)
        .where('id', 'in', [personId, intoId])
        .execute();
      const merged = both.find((person) => person.id === personId);
      const into = both.find((person) => person.id === intoId);
      if (!merged || !into) return null;
      await trx.updateTable('faces').set({ person_id: intoId }).where('person_id', '=', personId).execute();
      const descriptors = (
        await trx.selectFrom('faces').select('descriptor').where('person_id', '=', intoId).execute()
      ).map((face) => face.descriptor);
      await trx
        .updateTable('people')
        .set({
          // Never empty: both people had faces (a person with none is deleted with its last one).
          centroid: meanDescriptor(descriptors),
          face_count: descriptors.length,
          name: into.name ?? merged.name,
          updated_at: new Date(),
        })
        .where('id', '=', intoId)
        .execute();
      await trx.deleteFrom('people').where('id', '=', personId).execute();
      return (await selectPeople(trx, ownerId, intoId))[0] ?? null;
    });
  }
}

interface PersonRow {
  id: string;
  name: string | null;
  hidden: boolean;
  photo_count: number;
  image_id: string | null;
  box_x: number | null;
  box_y: number | null;
  box_width: number | null;
  box_height: number | null;
  storage_key: string | null;
  preview_key: string | null;
  thumbnail_key: string | null;
}

/**
 * The owner's people with their photo count and cover face, counting only photos in the library
 * (organized, not in the Trash). All of them that show in such a photo (`personId` null), most photos
 * first; or that one person, even when they show in none. One query.
 */
async function selectPeople(
  db: Kysely<Database>,
  ownerId: string,
  personId: string | null,
): Promise<PersonRecord[]> {
  const inLibrary = sql`i.id = f.image_id and i.status = 'ready' and i.trashed_at is null`;
  const { rows } = await sql<PersonRow>`
    select p.id, p.name, p.hidden, c.image_id, c.box_x, c.box_y, c.box_width, c.box_height,
      c.storage_key, c.preview_key, c.thumbnail_key,
      (select count(distinct f.image_id)::int from faces f join images i on ${inLibrary}
        where f.person_id = p.id) as photo_count
    from people p
    ${personId === null ? sql`join` : sql`left join`} lateral (
      select f.image_id, f.box_x, f.box_y, f.box_width, f.box_height,
        i.storage_key, i.preview_key, i.thumbnail_key
      from faces f join images i on ${inLibrary}
      where f.person_id = p.id
      order by f.box_width * f.box_height desc, f.score desc, f.id
      limit 1
    ) c on true
    where p.owner_id = ${ownerId} ${personId === null ? sql`` : sql`and p.id = ${personId}`}
    order by photo_count desc, p.created_at, p.id
  `.execute(db);
  return rows.map(
    (row): PersonRecord => ({
      id: row.id,
      name: row.name,
      hidden: row.hidden,
      photoCount: row.photo_count,
      cover:
        row.image_id === null || row.storage_key === null
          ? null
          : {
              imageId: row.image_id,
              box: {
                x: row.box_x ?? 0,
                y: row.box_y ?? 0,
                width: row.box_width ?? 1,
                height: row.box_height ?? 1,
              },
              storageKey: row.storage_key,
              previewKey: row.preview_key,
              thumbnailKey: row.thumbnail_key,
            },
    }),
  );
}
