/**
 * The Gemini API key in AWS: read from Secrets Manager on first use, once per container, and kept in
 * memory. A failed read is NOT remembered, so a key the operator sets after deploy is picked up by the
 * next job without a redeploy.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AlbumPageDesigner } from '../../core/album-page.ts';
import { PlannerUnavailableError } from '../../core/errors.ts';
import type { AlbumPlanner } from '../../core/ports.ts';

/** Returns a reader of the secret's string value; concurrent first calls share one request. */
export function secretStringReader(
  secretArn: string,
  client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({}),
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  const read = async (): Promise<string> => {
    let value: string | undefined;
    try {
      value = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
    } catch (error) {
      // A secret created empty has no AWSCURRENT version until put-secret-value: Secrets Manager
      // answers ResourceNotFoundException for the value, not for the secret.
      const name = (error as { name?: string })?.name;
      if (name === 'ResourceNotFoundException')
        throw new PlannerUnavailableError(notSetMessage(secretArn), error);
      // An error with no HTTP status never got an answer (no route out, a timeout): Secrets Manager,
      // and so Gemini behind the same NAT, could not be reached. A refusal or a 5xx is an answer.
      const answered = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      throw new PlannerUnavailableError(
        `could not read the Gemini API key from Secrets Manager (${name ?? 'error'})`,
        error,
        undefined,
        { unreachable: answered === undefined },
      );
    }
    const key = value?.trim();
    if (!key) throw new PlannerUnavailableError(notSetMessage(secretArn));
    return key;
  };
  return () => {
    pending ??= read().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * An AlbumPlanner whose API key arrives later: plan() awaits the key, then builds the real planner
 * once and reuses it. Until the key can be read, plan() rejects, and the offline organizer takes the job.
 */
export function albumPlannerWithSecretKey(
  readKey: () => Promise<string>,
  build: (apiKey: string) => AlbumPlanner,
): AlbumPlanner {
  const planner = builtWithKey(readKey, build);
  return {
    async plan(photos, existing) {
      return (await planner()).plan(photos, existing);
    },
  };
}

/** The same for the album page designer: design() awaits the key; until it can be read, the offline design is used. */
export function pageDesignerWithSecretKey(
  readKey: () => Promise<string>,
  build: (apiKey: string) => AlbumPageDesigner,
): AlbumPageDesigner {
  const designer = builtWithKey(readKey, build);
  return {
    async design(request) {
      return (await designer()).design(request);
    },
  };
}

/** Builds once, with the key, on first use; a failed key read is retried on the next use. */
function builtWithKey<T>(readKey: () => Promise<string>, build: (apiKey: string) => T): () => Promise<T> {
  let built: T | undefined;
  return async () => {
    built ??= build(await readKey());
    return built;
  };
}

function notSetMessage(secretArn: string): string {
  return (
    `the Gemini API key secret has no value yet; set it with ` +
    `aws secretsmanager put-secret-value --secret-id ${secretArn} --secret-string <key> (docs/deploying.md)`
  );
}
