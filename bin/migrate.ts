/**
 * `npm run migrate`: brings the database at DATABASE_URL to the latest schema. The same function runs
 * in `npm start`, in the tests, and on deploy.
 */
import { createDatabase } from '../lambdas/adapters/postgres/database.ts';
import { migrateToLatest } from '../lambdas/adapters/postgres/migrate.ts';
import { databaseConfig } from '../lambdas/config.ts';

const config = databaseConfig(process.env);
const db = createDatabase({
  connectionString: config.DATABASE_URL,
  maxConnections: 1,
  ssl: config.DATABASE_SSL === 'true',
});
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'already up to date');
} finally {
  await db.destroy();
}
