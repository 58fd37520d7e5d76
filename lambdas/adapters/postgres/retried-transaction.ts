import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `work` in a transaction, again (up to three times in all) when PostgreSQL picks it as a deadlock
 * victim or a serialization loser: the lock orders the repositories keep make these rare, not
 * impossible (a merge holds albums and waits on a photo that a purge holding it waits to renumber).
 * `work` must be safe to run again: everything it wrote was rolled back, and side effects outside the
 * database (deleting files that are already gone) must be harmless to repeat.
 */
export async function retriedTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}
