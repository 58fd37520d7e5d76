import { type Kysely, sql } from 'kysely';
import type { User } from '../../core/model.ts';
import type { UserRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

export class PostgresUserRepository implements UserRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async ensure(subject: string): Promise<User> {
    // One round trip whether the user is new or known.
    const row = await this.#db
      .insertInto('users')
      .values({ subject })
      .onConflict((oc) => oc.column('subject').doUpdateSet({ last_seen_at: sql`now()` }))
      .returning(['id', 'subject'])
      .executeTakeFirstOrThrow();
    return { id: row.id, subject: row.subject };
  }
}
