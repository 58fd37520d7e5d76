/**
 * The deploy-time migration step (custom resource behind the CDK Provider framework). Create and
 * Update bring the schema to the latest migration through RDS Proxy with IAM auth, the same
 * `migrateToLatest` that `npm start`, the tests and `npm run migrate` use. Throwing fails the resource,
 * which fails the deploy and rolls it back. Delete leaves the database alone: removing the stack must
 * never drop user data (the database itself is snapshotted by default).
 *
 * A database that cannot be reached yet (the proxy's target still registering, a connection timeout)
 * is retried with backoff (about a minute in all, inside the function's 5 minutes); a migration that
 * fails on the database is not: running it again would fail the same way.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { logInvocation } from '../../composition/logging.ts';
import { type MigrationDependencies, migrationDependencies } from '../../composition/migrations.ts';

/** One id for the life of the stack: a different id would make CloudFormation "replace" (delete) it. */
export const PHYSICAL_RESOURCE_ID = 'momentarium-schema';

export interface MigrationResult {
  PhysicalResourceId: string;
  Data: { applied: string; appliedCount: number };
}

/** The pauses between connection attempts: 6 attempts over about a minute (plus connect timeouts). */
export const CONNECT_RETRY_DELAYS_MS = [2_000, 4_000, 8_000, 16_000, 32_000];

export interface RunMigrationsDeps extends MigrationDependencies {
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export function create(deps: RunMigrationsDeps) {
  const delays = deps.retryDelaysMs ?? CONNECT_RETRY_DELAYS_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (event: CloudFormationCustomResourceEvent): Promise<MigrationResult> => {
    if (event.RequestType === 'Delete') {
      deps.logger.info('stack resource deleted; the schema is left as it is');
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { applied: '', appliedCount: 0 } };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await migrateOnce(deps, event);
      } catch (error) {
        const delay = delays[attempt - 1];
        if (delay !== undefined && isConnectionFailure(error)) {
          deps.logger.warn('database not reachable yet; retrying', {
            attempt,
            delayMs: delay,
            error: String(error),
          });
          await sleep(delay);
          continue;
        }
        deps.logger.error('migration failed; the deploy will roll back', {
          attempt,
          error: String(error),
          cause: String((error as { cause?: unknown })?.cause ?? ''),
        });
        throw error;
      }
    }
  };
}

async function migrateOnce(
  deps: RunMigrationsDeps,
  event: CloudFormationCustomResourceEvent,
): Promise<MigrationResult> {
  const db = deps.openDatabase();
  try {
    const applied = await deps.migrate(db);
    deps.logger.info('database schema is up to date', { applied, requestType: event.RequestType });
    // Data values are strings/numbers CloudFormation can show; keep them short (4 KB limit).
    return {
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      Data: { applied: applied.join(',').slice(0, 2000), appliedCount: applied.length },
    };
  } finally {
    // One run per invocation, and a frozen container must not keep a proxy connection open.
    await db.destroy();
  }
}

// Node's codes for a connection that could not be made, and PostgreSQL's SQLSTATE classes for "not
// now": 08 connection exception, 57P0x shutting down or starting, 53300 too many connections, 28
// authorization (an IAM token the proxy cannot check yet).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const NOT_NOW_SQLSTATE = /^(08|57P0|53300|28)/;

/** True when the database could not be reached or would not take a session, not when SQL failed. */
function isConnectionFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || NOT_NOW_SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && /timeout expired|Connection terminated/i.test(message)) return true;
    current = cause;
  }
  return false;
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: CloudFormationCustomResourceEvent, context: Context) => {
  logInvocation(context);
  handler_ ??= create(migrationDependencies(process.env));
  return handler_(event);
};
