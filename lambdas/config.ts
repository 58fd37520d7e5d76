/**
 * Environment → typed, frozen configuration, validated once. Each section is read only by the
 * functions that need it (a Lambda gets only its own variables), and a missing or malformed value
 * fails at start-up with a message that names the variable.
 */
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = z.coerce.number().int().positive();
const optionalUrl = z.url().optional();

const databaseSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_IAM_AUTH: z.enum(['true', 'false']).default('false'),
  DATABASE_SSL: z.enum(['true', 'false']).default('false'),
  DATABASE_MAX_CONNECTIONS: positiveInt.default(1),
  AWS_REGION: z.string().default('us-east-1'),
});

/** Only for S3/SQS-compatible endpoints on loopback; in AWS the SDK uses the function's role. */
const localCredentials = {
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
};

const storageSchema = z.object({
  ...localCredentials,
  UPLOADS_BUCKET: z.string().min(3),
  AWS_REGION: z.string().default('us-east-1'),
  /** An S3-compatible endpoint on loopback for the local runtime; unset in AWS. */
  S3_ENDPOINT: optionalUrl,
});

const queueSchema = z.object({
  ...localCredentials,
  JOBS_QUEUE_URL: z.url(),
  AWS_REGION: z.string().default('us-east-1'),
  SQS_ENDPOINT: optionalUrl,
});

const organizerSchema = z
  .object({
    ORGANIZER: z.enum(['gemini', 'offline']).optional(),
    GEMINI_API_KEY: z.string().min(1).optional(),
    GEMINI_API_KEY_SECRET_ARN: z.string().startsWith('arn:').optional(),
    GEMINI_MODEL: z.string().min(1).default('gemini-3.5-flash-lite'),
    GEMINI_BASE_URL: optionalUrl,
    GEMINI_MAX_ATTEMPTS: positiveInt.max(10).default(4),
    GEMINI_TIMEOUT_MS: positiveInt.default(120_000),
    GEMINI_MAX_OUTPUT_TOKENS: positiveInt.max(65_536).default(32_768),
  })
  .transform((env) => ({
    ...env,
    // With a key (or a secret holding one) the model organizes; without, the offline organizer does.
    ORGANIZER: env.ORGANIZER ?? (env.GEMINI_API_KEY || env.GEMINI_API_KEY_SECRET_ARN ? 'gemini' : 'offline'),
  }))
  .refine((env) => env.ORGANIZER !== 'gemini' || env.GEMINI_API_KEY || env.GEMINI_API_KEY_SECRET_ARN, {
    message: 'ORGANIZER=gemini needs GEMINI_API_KEY or GEMINI_API_KEY_SECRET_ARN',
    path: ['GEMINI_API_KEY'],
  });

const workerSchema = z.object({
  /** A `processing` job older than this is presumed abandoned (worker died) and may be reclaimed. */
  JOB_LEASE_SECONDS: positiveInt.default(900),
  JOB_MAX_ATTEMPTS: positiveInt.max(20).default(5),
  IMAGE_CONCURRENCY: positiveInt.max(16).default(2),
});

const authSchema = z.object({
  /** Local runtime only: the key that signs and verifies local session tokens. */
  LOCAL_JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
});

function section<T extends z.ZodType>(schema: T, env: Env): Readonly<z.output<T>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

export const databaseConfig = (env: Env) => section(databaseSchema, env);
export const storageConfig = (env: Env) => section(storageSchema, env);
export const queueConfig = (env: Env) => section(queueSchema, env);
export const organizerConfig = (env: Env) => section(organizerSchema, env);
export const workerConfig = (env: Env) => section(workerSchema, env);
export const authConfig = (env: Env) => section(authSchema, env);

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type StorageConfig = ReturnType<typeof storageConfig>;
export type QueueConfig = ReturnType<typeof queueConfig>;
export type OrganizerConfig = ReturnType<typeof organizerConfig>;
export type WorkerConfig = ReturnType<typeof workerConfig>;
