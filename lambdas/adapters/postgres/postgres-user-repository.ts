import { type Kysely, sql } from 'kysely';
import type { User } from '../../core/model.ts';
import type { UserRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

/** Users seen by this container; a user row never changes its id, so the cache cannot go stale. */
const MAX_CACHED_USERS = 10_000;

export class PostgresUserRepository implements UserRepository {
  readonly #db: Kysely<Database>;
  readonly #known = new Map<string, Promise<User>>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Every authenticated request asks for its user: the database is written only the first time a
   * container sees a subject (an upsert per request cost a row lock and a WAL flush each time).
   * `last_seen_at` therefore means "first seen by some container since it started".
   */
  ensure(subject: string): Promise<User> {
    const known = this.#known.get(subject);
    if (known) return known;
    if (this.#known.size >= MAX_CACHED_USERS) this.#known.clear();
    const user = this.#upsert(subject);
    this.#known.set(subject, user);
    user.catch(() => this.#known.delete(subject));
    return user;
  }

  async #upsert(subject: string): Promise<User> {
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
