/**
 * `npm run migrate`: brings the database at DATABASE_URL to the latest schema. The same function runs
 * in `npm start`, in the tests, and on deploy.
 */
import { migrationDependencies } from '../lambdas/composition/migrations.ts';

const { openDatabase, migrate } = migrationDependencies(process.env);
const db = openDatabase();
try {
  const applied = await migrate(db);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'already up to date');
} finally {
  await db.destroy();
}
