/** A fresh, migrated database per test file inside the run's embedded PostgreSQL. Never mocked. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../lambdas/adapters/postgres/database.ts';
import { migrateToLatest } from '../../lambdas/adapters/postgres/migrate.ts';
import type { Database } from '../../lambdas/adapters/postgres/schema.ts';

export interface TestDatabase {
  db: Kysely<Database>;
  url: string;
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set: run the tests through jest (global setup)');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = createDatabase({ connectionString: url, maxConnections: 10 });
  await migrateToLatest(db);
  return {
    db,
    url,
    destroy: async () => {
      await db.destroy();
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin(url: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
