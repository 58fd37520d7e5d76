/**
 * Environment → typed, frozen configuration, validated once. Each section is read only by the
 * functions that need it (a Lambda gets only its own variables), and a missing or malformed value
 * fails at start-up with a message that names the variable.
 */
import * as z from 'zod/mini';
import './validation.ts';

export type Env = Record<string, string | undefined>;

/**
 * The model organizing calls use unless GEMINI_MODEL says otherwise: the newest Flash-Lite (README,
 * "Choosing the model": 3.1 Flash-Lite lists ~20% cheaper per job but is the older line).
 */
export const DEFAULT_GEMINI_MODEL = 'gemini-3.5-flash-lite';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// zod/mini rather than classic zod: the same validation at a tenth of the bundle size, which every
// Lambda pays for at cold start.
const whole = (max = Number.MAX_SAFE_INTEGER) =>
  z.pipe(
    z.coerce.number(),
    z.number().check(z.refine(Number.isInteger, 'must be a whole number'), z.minimum(1), z.maximum(max)),
  );
const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) =>
  z._default(schema, value as never);
const optionalUrl = z.optional(z.url());
const nonEmpty = () => z.string().check(z.minLength(1));
// An empty value is a mistake, not a price of $0.
const price = () =>
  z.pipe(
    z.string().check(z.regex(/^\d+(\.\d+)?$/, 'must be a price in USD such as 0.30')),
    z.pipe(z.transform(Number), z.number().check(z.maximum(1000))),
  );
const flag = () => withDefault(z.enum(['true', 'false']), 'false');
const region = () => withDefault(z.string(), 'us-east-1');

const databaseSchema = z.object({
  DATABASE_URL: z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  DATABASE_IAM_AUTH: flag(),
  DATABASE_SSL: flag(),
  DATABASE_MAX_CONNECTIONS: withDefault(whole(), 1),
  AWS_REGION: region(),
});

/**
 * Only used with S3_ENDPOINT/SQS_ENDPOINT (loopback emulators). In AWS Lambda sets these too, for the
 * function's role, but they are ignored there: the SDK's chain reads them with their session token.
 */
const localCredentials = {
  AWS_ACCESS_KEY_ID: z.optional(nonEmpty()),
  AWS_SECRET_ACCESS_KEY: z.optional(nonEmpty()),
};

const storageSchema = z.object({
  ...localCredentials,
  UPLOADS_BUCKET: z.string().check(z.minLength(3)),
  AWS_REGION: region(),
  /** An S3-compatible endpoint on loopback for the local runtime; unset in AWS. */
  S3_ENDPOINT: optionalUrl,
});

/**
 * Signing upload and download URLs needs no S3 client, only where the bucket is and the keys to sign
 * with: a local S3-compatible endpoint (path style), or in AWS the bucket's regional domain name,
 * which the stack passes (lib/constructs/uploads.ts) so no endpoint rules need to ship in the bundle.
 */
const urlSigningSchema = z
  .extend(storageSchema, {
    UPLOADS_BUCKET_DOMAIN: z.optional(
      z
        .string()
        .check(z.regex(/^[a-z0-9.-]+$/, 'must be a host name such as bucket.s3.eu-west-1.amazonaws.com')),
    ),
  })
  .check(
    z.refine((env) => Boolean(env.S3_ENDPOINT || env.UPLOADS_BUCKET_DOMAIN), {
      message: 'is required in AWS (the bucket regional domain name); locally set S3_ENDPOINT instead',
      path: ['UPLOADS_BUCKET_DOMAIN'],
    }),
  );

const queueSchema = z.object({
  ...localCredentials,
  JOBS_QUEUE_URL: z.url(),
  AWS_REGION: region(),
  SQS_ENDPOINT: optionalUrl,
});

const organizerSchema = z
  .pipe(
    z.object({
      ORGANIZER: z.optional(z.enum(['gemini', 'offline'])),
      GEMINI_API_KEY: z.optional(nonEmpty()),
      GEMINI_API_KEY_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
      GEMINI_MODEL: withDefault(nonEmpty(), DEFAULT_GEMINI_MODEL),
      GEMINI_BASE_URL: optionalUrl,
      GEMINI_MAX_ATTEMPTS: withDefault(whole(10), 4),
      GEMINI_TIMEOUT_MS: withDefault(whole(), 120_000),
      // The model's own output limit: the largest planner answer (500 photos described) needs 55,024.
      GEMINI_MAX_OUTPUT_TOKENS: withDefault(whole(65_536), 65_536),
      /** MINIMAL suits Flash-Lite; Pro models refuse it (LOW there); `model-default` sends none. */
      GEMINI_THINKING_LEVEL: withDefault(
        z.enum(['MINIMAL', 'LOW', 'MEDIUM', 'HIGH', 'model-default']),
        'MINIMAL',
      ),
      /** List prices (USD per 1M tokens) for the cost estimate, when the model's table entry is missing or stale. */
      GEMINI_PRICE_INPUT_USD_PER_MTOK: z.optional(price()),
      GEMINI_PRICE_OUTPUT_USD_PER_MTOK: z.optional(price()),
    }),
    z.transform((env) => ({
      ...env,
      // With a key (or a secret holding one) the model organizes; without, the offline organizer does.
      ORGANIZER:
        env.ORGANIZER ?? (env.GEMINI_API_KEY || env.GEMINI_API_KEY_SECRET_ARN ? 'gemini' : 'offline'),
    })),
  )
  .check(
    z.refine(
      (env) =>
        (env.GEMINI_PRICE_INPUT_USD_PER_MTOK === undefined) ===
        (env.GEMINI_PRICE_OUTPUT_USD_PER_MTOK === undefined),
      {
        message: 'set both or neither of the input and output prices',
        path: ['GEMINI_PRICE_OUTPUT_USD_PER_MTOK'],
      },
    ),
    z.refine(
      (env) => env.ORGANIZER !== 'gemini' || Boolean(env.GEMINI_API_KEY || env.GEMINI_API_KEY_SECRET_ARN),
      {
        message: 'ORGANIZER=gemini needs GEMINI_API_KEY or GEMINI_API_KEY_SECRET_ARN',
        path: ['GEMINI_API_KEY'],
      },
    ),
  );

const workerSchema = z.object({
  /** A `processing` job older than this is presumed abandoned (worker died) and may be reclaimed. */
  JOB_LEASE_SECONDS: withDefault(whole(), 900),
  JOB_MAX_ATTEMPTS: withDefault(whole(20), 5),
  IMAGE_CONCURRENCY: withDefault(whole(16), 2),
  /** How long a job waits for photos still being read (ingest), from its creation. */
  JOB_PHOTO_WAIT_SECONDS: withDefault(whole(600), 180),
  /** A failed delivery comes back after this, doubling each time (with jitter) up to the maximum. */
  JOB_RETRY_BASE_SECONDS: withDefault(whole(3600), 120),
  JOB_RETRY_MAX_SECONDS: withDefault(whole(43_200), 900),
});

/**
 * Where the face models and TensorFlow.js's WebAssembly binaries are, when they are not in
 * node_modules: the Lambda bundle copies them beside the code (lib/constructs/bundling.ts).
 */
const contentSchema = z.object({
  FACE_MODEL_DIR: z.optional(nonEmpty()),
  TFJS_WASM_DIR: z.optional(nonEmpty()),
  /** The separately bundled face-api and TensorFlow.js (face-api-runtime.ts). */
  FACE_RUNTIME_MODULE: z.optional(nonEmpty()),
});

/**
 * Live progress (core/progress.ts): where ingest and the worker publish. In AWS, the AppSync Event
 * API's HTTP publish URL (https://<http domain>/event, set by lib/constructs/live-progress.ts);
 * locally the local runtime's events server on loopback. Unset: nothing is published and pages poll
 * the job's status, as they do whenever the events connection is down.
 */
const progressSchema = z.object({
  ...localCredentials,
  AWS_REGION: region(),
  PROGRESS_EVENTS_URL: z.optional(
    z
      .url()
      .check(
        z.regex(
          /^(https:\/\/[^/]+|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?)\/event$/,
          'must be https://<AppSync HTTP domain>/event, or http://127.0.0.1:<port>/event locally',
        ),
      ),
  ),
});

/**
 * Inviting members by email in AWS: the Cognito user pool the `directory` routes search and invite
 * into (set by lib/momentarium-stack.ts). Unset: the local directory, where a username names a user.
 * COGNITO_ENDPOINT points the client at a Cognito-compatible endpoint on loopback (tests).
 */
const directorySchema = z.object({
  ...localCredentials,
  AWS_REGION: region(),
  USER_POOL_ID: z.optional(
    z
      .string()
      .check(
        z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9A-Za-z]+$/, 'must be a user pool id like eu-west-1_AbC123'),
      ),
  ),
  COGNITO_ENDPOINT: optionalUrl,
});

const authSchema = z.object({
  /** Local runtime only: the key that signs and verifies local session tokens. */
  LOCAL_JWT_SECRET: z.string().check(z.minLength(32, 'must be at least 32 characters')),
});

function section<T extends z.ZodMiniType>(schema: T, env: Env): Readonly<z.output<T>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

export const databaseConfig = (env: Env) => section(databaseSchema, env);
export const storageConfig = (env: Env) => section(storageSchema, env);
export const urlSigningConfig = (env: Env) => section(urlSigningSchema, env);
export const queueConfig = (env: Env) => section(queueSchema, env);
export const organizerConfig = (env: Env) => section(organizerSchema, env);
export const workerConfig = (env: Env) => section(workerSchema, env);
export const authConfig = (env: Env) => section(authSchema, env);
export const contentConfig = (env: Env) => section(contentSchema, env);
export const progressConfig = (env: Env) => section(progressSchema, env);
export const directoryConfig = (env: Env) => section(directorySchema, env);

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type StorageConfig = ReturnType<typeof storageConfig>;
export type QueueConfig = ReturnType<typeof queueConfig>;
export type OrganizerConfig = ReturnType<typeof organizerConfig>;
export type WorkerConfig = ReturnType<typeof workerConfig>;
