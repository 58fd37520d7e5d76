/**
 * The deploy-time migration step (custom resource behind the CDK Provider framework). Create and
 * Update bring the schema to the latest migration through RDS Proxy with IAM auth, the same
 * `migrateToLatest` that `npm start`, the tests and `npm run migrate` use. Throwing fails the resource,
 * which fails the deploy and rolls it back. Delete leaves the database alone: removing the stack must
 * never drop user data (the database itself is retained by default).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { type MigrationDependencies, migrationDependencies } from '../../composition/migrations.ts';

/** One id for the life of the stack: a different id would make CloudFormation "replace" (delete) it. */
export const PHYSICAL_RESOURCE_ID = 'momentarium-schema';

export interface MigrationResult {
  PhysicalResourceId: string;
  Data: { applied: string; appliedCount: number };
}

export type RunMigrationsDeps = MigrationDependencies;

export function create(deps: RunMigrationsDeps) {
  return async (event: CloudFormationCustomResourceEvent): Promise<MigrationResult> => {
    if (event.RequestType === 'Delete') {
      deps.logger.info('stack resource deleted; the schema is left as it is');
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { applied: '', appliedCount: 0 } };
    }
    const db = deps.openDatabase();
    try {
      const applied = await deps.migrate(db);
      deps.logger.info('database schema is up to date', { applied, requestType: event.RequestType });
      // Data values are strings/numbers CloudFormation can show; keep them short (4 KB limit).
      return {
        PhysicalResourceId: PHYSICAL_RESOURCE_ID,
        Data: { applied: applied.join(',').slice(0, 2000), appliedCount: applied.length },
      };
    } catch (error) {
      deps.logger.error('migration failed; the deploy will roll back', {
        error: String(error),
        cause: String((error as { cause?: unknown })?.cause ?? ''),
      });
      throw error;
    } finally {
      // One run per invocation, and a frozen container must not keep a proxy connection open.
      await db.destroy();
    }
  };
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: CloudFormationCustomResourceEvent) => {
  handler_ ??= create(migrationDependencies(process.env));
  return handler_(event);
};
