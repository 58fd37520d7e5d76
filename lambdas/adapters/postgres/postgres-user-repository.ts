import { type Kysely, sql } from 'kysely';
import type { User } from '../../core/model.ts';
import type { UserRepository } from '../../core/ports.ts';
import type { Database } from './schema.ts';

/** Users seen by this container; a user row never changes its id, so the cache cannot go stale. */
const MAX_CACHED_USERS = 10_000;

export class PostgresUserRepository implements UserRepository {
  readonly #db: Kysely<Database>;
  readonly #known = new Map<string, Promise<User>>();
  readonly #subjects = new Map<string, Promise<string | null>>();

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Every authenticated request asks for its user: the database is written only the first time a
   * container sees a subject (an upsert per request cost a row lock and a WAL flush each time).
   * `last_seen_at` therefore means "first seen by some container since it started".
   */
  ensure(subject: string, displayName?: string | null): Promise<User> {
    const known = this.#known.get(subject);
    if (known) return known;
    if (this.#known.size >= MAX_CACHED_USERS) this.#known.clear();
    const user = this.#upsert(subject, displayName ?? null);
    this.#known.set(subject, user);
    user.catch(() => this.#known.delete(subject));
    return user;
  }

  /**
   * The identity-provider subject of a user (whom progress is published to), or null if there is no
   * such user. A user's subject never changes, so answers are cached for the container's life.
   */
  subjectOf(userId: string): Promise<string | null> {
    const known = this.#subjects.get(userId);
    if (known) return known;
    if (this.#subjects.size >= MAX_CACHED_USERS) this.#subjects.clear();
    const subject = this.#db
      .selectFrom('users')
      .select('subject')
      .where('id', '=', userId)
      .executeTakeFirst()
      .then((row) => row?.subject ?? null);
    this.#subjects.set(userId, subject);
    // Neither a failure nor "no such user yet" is remembered.
    subject.then(
      (found) => found === null && this.#subjects.delete(userId),
      () => this.#subjects.delete(userId),
    );
    return subject;
  }

  async #upsert(subject: string, displayName: string | null): Promise<User> {
    // One round trip whether the user is new or known. A name once known is kept when none is given.
    const row = await this.#db
      .insertInto('users')
      .values({ subject, display_name: displayName })
      .onConflict((oc) =>
        oc.column('subject').doUpdateSet({
          last_seen_at: sql`now()`,
          display_name: sql`coalesce(excluded.display_name, users.display_name)`,
        }),
      )
      .returning(['id', 'subject'])
      .executeTakeFirstOrThrow();
    return { id: row.id, subject: row.subject };
  }
}
