/**
 * Gemini for every model call the worker makes (album planning and album pages): one set of settings
 * from the organizer config (model, limits, thinking, prices, base URL) and one way to the key,
 * GEMINI_API_KEY as is or, in AWS, Secrets Manager read on first use and shared by both calls.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ThinkingLevel } from '@google/genai';
import {
  albumPlannerWithSecretKey,
  pageDesignerWithSecretKey,
  secretStringReader,
} from '../adapters/aws/secrets-manager-key.ts';
import { createGeminiAlbumPlanner } from '../adapters/gemini/gemini-album-planner.ts';
import type { GeminiCallOptions } from '../adapters/gemini/gemini-json-call.ts';
import { createGeminiPageDesigner } from '../adapters/gemini/gemini-page-designer.ts';
import { ConfigError, type Env, type OrganizerConfig, organizerConfig } from '../config.ts';
import type { AlbumPageDesigner } from '../core/album-page.ts';
import type { AlbumPlanner, Logger } from '../core/ports.ts';
import { SMALL_CALL_TIMEOUTS } from './queue.ts';
import { traced } from './worker-observability.ts';

/** The settings a Gemini call is made with, from validated config. */
export function geminiCallOptions(
  config: OrganizerConfig,
  apiKey: string,
  logger: Logger,
): GeminiCallOptions {
  return {
    apiKey,
    model: config.GEMINI_MODEL,
    maxAttempts: config.GEMINI_MAX_ATTEMPTS,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
    maxOutputTokensCap: config.GEMINI_MAX_OUTPUT_TOKENS,
    thinkingLevel:
      config.GEMINI_THINKING_LEVEL === 'model-default' ? null : ThinkingLevel[config.GEMINI_THINKING_LEVEL],
    ...(config.GEMINI_PRICE_INPUT_USD_PER_MTOK !== undefined &&
    config.GEMINI_PRICE_OUTPUT_USD_PER_MTOK !== undefined
      ? {
          price: {
            inputUsdPerMTok: config.GEMINI_PRICE_INPUT_USD_PER_MTOK,
            outputUsdPerMTok: config.GEMINI_PRICE_OUTPUT_USD_PER_MTOK,
          },
        }
      : {}),
    logger,
    ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
  };
}

/** The album planner on Gemini; the caller has checked that the organizer is gemini. */
export function geminiAlbumPlanner(config: OrganizerConfig, logger: Logger): AlbumPlanner {
  const build = (apiKey: string) => createGeminiAlbumPlanner(geminiCallOptions(config, apiKey, logger));
  if (config.GEMINI_API_KEY) return build(config.GEMINI_API_KEY);
  return albumPlannerWithSecretKey(secretKeyReader(config), build);
}

/**
 * The album page designer on Gemini when the organizer is gemini (a key or its secret configured),
 * else null: the caller then designs pages offline. One model call per page.
 */
export function geminiPageDesigner(env: Env, logger: Logger): AlbumPageDesigner | null {
  const config = organizerConfig(env);
  if (config.ORGANIZER === 'offline') return null;
  const build = (apiKey: string) => createGeminiPageDesigner(geminiCallOptions(config, apiKey, logger));
  if (config.GEMINI_API_KEY) return build(config.GEMINI_API_KEY);
  return pageDesignerWithSecretKey(secretKeyReader(config), build);
}

// One reader per secret and container: the planner and the page designer share its first read.
const readers = new Map<string, () => Promise<string>>();

/** In AWS the key lives in Secrets Manager and is read on the first model call, not at cold start. */
function secretKeyReader(config: OrganizerConfig): () => Promise<string> {
  const arn = config.GEMINI_API_KEY_SECRET_ARN;
  if (!arn) {
    throw new ConfigError(
      'GEMINI_API_KEY or GEMINI_API_KEY_SECRET_ARN is required when the organizer is gemini',
    );
  }
  let reader = readers.get(arn);
  if (!reader) {
    reader = secretStringReader(
      arn,
      traced(new SecretsManagerClient({ requestHandler: SMALL_CALL_TIMEOUTS })),
    );
    readers.set(arn, reader);
  }
  return reader;
}
