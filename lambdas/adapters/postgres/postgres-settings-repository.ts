import type { Kysely } from 'kysely';
import type { SettingsRepository, UserSettings } from '../../core/ports.ts';
import type { Database } from './schema.ts';

export class PostgresSettingsRepository implements SettingsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(userId: string): Promise<UserSettings> {
    const row = await this.#db
      .selectFrom('users')
      .select('people_recognition')
      .where('id', '=', userId)
      .executeTakeFirst();
    return { peopleRecognition: row?.people_recognition ?? false };
  }

  update(userId: string, changes: Partial<UserSettings>): Promise<UserSettings> {
    return this.#db.transaction().execute(async (trx) => {
      // The update holds the user's row, which ingest also holds while it records faces: a photo
      // being read as recognition is turned off either finishes first (and is deleted here) or sees it off.
      const row = await trx
        .updateTable('users')
        .set((eb) => ({ people_recognition: changes.peopleRecognition ?? eb.ref('people_recognition') }))
        .where('id', '=', userId)
        .returning('people_recognition')
        .executeTakeFirstOrThrow();
      if (!row.people_recognition) {
        await trx.deleteFrom('faces').where('owner_id', '=', userId).execute();
        await trx.deleteFrom('people').where('owner_id', '=', userId).execute();
      }
      return { peopleRecognition: row.people_recognition };
    });
  }
}
