/**
 * One Gemini generateContent call that must answer JSON, as the album planner and the page designer
 * both make it: the client pinned to v1beta, the request size checked against the inline limit, one
 * bounded retry loop (exponential backoff with jitter) of our own so the attempt count, per-attempt
 * timeout and logs are ours (the SDK does not retry by default and we keep it that way), finishReason
 * checked before the text is parsed, one more call with twice the room when the answer was cut at
 * maxOutputTokens, and the usage of every answered call summed and priced.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  ApiError,
  type Content,
  FinishReason,
  type GenerateContentConfig,
  type GenerateContentResponse,
  type GenerateContentResponseUsageMetadata,
  GoogleGenAI,
  MediaResolution,
  type Schema,
  ThinkingLevel,
} from '@google/genai';
import { PlannerUnavailableError } from '../../core/errors.ts';
import type { TokenUsage } from '../../core/model.ts';
import type { Logger } from '../../core/ports.ts';
import { estimateCostUsd, GEMINI_PRICES, type ModelPrice } from './gemini-prices.ts';

export interface GeminiCallOptions {
  apiKey: string;
  /** Model id, e.g. a 3.x flash-lite model: always from config, never defaulted here. */
  model: string;
  /** Points the SDK somewhere else than Google (tests use a fake server on 127.0.0.1). */
  baseUrl?: string;
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff step. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, also caps a server-sent retry delay. Default 30000 ms. */
  maxDelayMs?: number;
  /** Deadline of one attempt, reading the answer included. Default 120000 ms. */
  timeoutMs?: number;
  /** List price used for the cost estimate; default: the model's entry in gemini-prices.ts. */
  price?: Pick<ModelPrice, 'inputUsdPerMTok' | 'outputUsdPerMTok'>;
  /** The largest request body sent (images base64-encoded). Default: Google's inline limit, 100 MB. */
  maxRequestBytes?: number;
  /** The most output (thinking included) one call may spend, even after a MAX_TOKENS retry. */
  maxOutputTokensCap?: number;
  /** null leaves thinking to the model's default (for models without thinking levels). Default MINIMAL. */
  thinkingLevel?: ThinkingLevel | null;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
}

/** What one JSON call sends besides the options' settings. */
export interface JsonCallRequest {
  systemInstruction: string;
  contents: Content[];
  responseSchema: Schema;
  /** The first attempt's output budget (thinking included); a truncated answer gets twice, within the cap. */
  maxOutputTokens: number;
  /**
   * A smaller answer to ask for when this one is cut even with more room (e.g. the
   * albums without the photo descriptions): one more attempt, so the main part is not lost to the
   * fallback. Same contents; its own instruction, schema and budget.
   */
  shorter?: Omit<JsonCallRequest, 'contents' | 'shorter'>;
}

/** The parsed but UNTRUSTED answer, the model that gave it and what all calls for it were billed. */
export interface JsonCallAnswer {
  raw: unknown;
  model: string;
  usage?: TokenUsage;
  /** The request's shorter answer, asked because the full one did not fit. */
  shorter?: true;
}

export interface GeminiJsonCall {
  /** The largest maxOutputTokens any call may ask for. */
  readonly maxOutputTokensCap: number;
  generate(request: JsonCallRequest): Promise<JsonCallAnswer>;
}

/**
 * The Gemini API version, pinned. @google/genai 3.x defaults to `v1` (its GOOGLE_AI_API_DEFAULT_VERSION),
 * but Google documents systemInstruction, responseSchema, thinkingConfig and mediaResolution on
 * `v1beta`, and `v1` has refused them ("Unknown name systemInstruction"). Every call goes to v1beta.
 */
export const GEMINI_API_VERSION = 'v1beta';

/** Google's Gemini API endpoint; config's GEMINI_BASE_URL replaces it (tests, the fake server). */
const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/**
 * Thinking comes out of the output budget on 3.x models: MINIMAL still may think a little, so every
 * budget adds this to the answer's own size.
 */
export const THINKING_ALLOWANCE = 1024;

/**
 * The output cap when config sets none: the output limit of the 3.x Flash-Lite models (65,536, on
 * Google's model pages), since the largest planner answer — 500 photos, each with a caption and tags —
 * needs a budget of 55,024 (gemini-album-planner.ts). Only what the model writes is billed.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS_CAP = 65_536;

/**
 * Google's inline request limit for generateContent, base64 included: "from 20MB to 100MB (base64
 * encoded)" (Gemini API, January 2026). Above it the API answers 400 "Request payload size exceeds the
 * limit". The analyzer's 512 px model images, bounded at 80 KB each, keep 500 photos under ~54 MB.
 */
export const MAX_INLINE_REQUEST_BYTES = 100 * 1000 * 1000;

/** The request body's size: every image base64-encoded, every text, and the JSON around each part. */
export function requestBytes(contents: Content[], systemInstruction: string): number {
  let bytes = Buffer.byteLength(systemInstruction) + 1024;
  for (const part of contents.flatMap((content) => content.parts ?? [])) {
    bytes += 64 + (part.text ? Buffer.byteLength(part.text) : 0) + (part.inlineData?.data?.length ?? 0);
  }
  return bytes;
}

/** Bytes as base64, the way inline images travel in a request. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

// 408 and 429 are load shedding, 5xx are transient on Google's side; anything else will not improve.
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Raised inside an attempt when its own deadline fired, so it can be told from other aborts. */
class AttemptTimeoutError extends Error {}

/** The answer was cut at maxOutputTokens: the JSON is truncated. */
class OutputLimitError extends PlannerUnavailableError {}

interface Failure {
  retryable: boolean;
  /** No answer came back at all (network error, timeout): the way to Gemini is what failed. */
  unreachable: boolean;
  reason: string;
  retryAfterMs?: number;
}

/** Creates the JSON call on a client built once (per container, by the composition root). */
export function createGeminiJsonCall(options: GeminiCallOptions): GeminiJsonCall {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  // MINIMAL: what Google advises for JSON extraction on Flash-Lite (its default there); grouping or
  // designing from photos needs the images, not long reasoning, and thinking spends the output budget.
  const thinkingLevel = options.thinkingLevel === undefined ? ThinkingLevel.MINIMAL : options.thinkingLevel;
  const cap = options.maxOutputTokensCap ?? DEFAULT_MAX_OUTPUT_TOKENS_CAP;
  const price = options.price ?? GEMINI_PRICES[options.model];
  if (!price) {
    options.logger?.warn('no list price for this model: jobs will record tokens but no cost estimate', {
      model: options.model,
      fix: 'set GEMINI_PRICE_INPUT_USD_PER_MTOK and GEMINI_PRICE_OUTPUT_USD_PER_MTOK',
    });
  }
  // vertexai: false so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot switch the backend; the
  // version and the base URL in httpOptions so GOOGLE_GENAI_API_VERSION and GOOGLE_GEMINI_BASE_URL
  // cannot move the calls (and the key's header) either.
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    httpOptions: { apiVersion: GEMINI_API_VERSION, baseUrl: options.baseUrl ?? GEMINI_BASE_URL },
  });

  async function attempt(contents: Content[], config: GenerateContentConfig) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      // The SDK links this signal to the fetch and keeps it armed while the body is read.
      return await client.models.generateContent({
        model: options.model,
        contents,
        config: { ...config, abortSignal: controller.signal },
      });
    } catch (error) {
      if (timedOut) throw new AttemptTimeoutError(`no answer within ${timeoutMs} ms`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    maxOutputTokensCap: cap,
    async generate(request: JsonCallRequest): Promise<JsonCallAnswer> {
      const { contents } = request;
      // What is asked: the request, or its shorter answer once the full one was cut again.
      let asked: Omit<JsonCallRequest, 'contents'> = request;
      const bytes = requestBytes(contents, request.systemInstruction);
      const limit = options.maxRequestBytes ?? MAX_INLINE_REQUEST_BYTES;
      if (bytes > limit) {
        // Sending it would only earn a 400; say why, and let the offline fallback take over.
        throw new PlannerUnavailableError(
          `the request would be ${(bytes / 1e6).toFixed(1)} MB, over Gemini's inline limit of ${(limit / 1e6).toFixed(1)} MB`,
        );
      }
      let maxOutputTokens = Math.min(cap, request.maxOutputTokens);
      let spent: TokenUsage | undefined;
      let roomAsked = false;
      const config = (): GenerateContentConfig => ({
        systemInstruction: asked.systemInstruction,
        responseMimeType: 'application/json',
        responseSchema: asked.responseSchema,
        // LOW bills the fewest tokens per image; grouping and page design need the gist of a photo.
        mediaResolution: MediaResolution.MEDIA_RESOLUTION_LOW,
        maxOutputTokens,
        // No temperature: Google advises keeping Gemini 3's default (1.0; lower loops or degrades the
        // output), and 3.5 Flash-Lite ignores it.
        candidateCount: 1,
        // A continuation would resend every image (billed again) outside our attempt accounting.
        automaticContinuation: false,
        ...(thinkingLevel === null ? {} : { thinkingConfig: { thinkingLevel } }),
      });

      for (let attemptNumber = 1; ; attemptNumber++) {
        let response: GenerateContentResponse;
        try {
          response = await attempt(contents, config());
        } catch (error) {
          const failure = classify(error);
          if (!failure.retryable || attemptNumber >= maxAttempts) {
            // Calls answered before this one (a truncated answer) were billed: their usage goes along.
            throw new PlannerUnavailableError(
              `Gemini call failed after ${attemptNumber} attempt(s): ${failure.reason}`,
              error,
              priced(spent, price),
              { unreachable: failure.unreachable },
            );
          }
          const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1));
          // Equal jitter: at least half the step, so parallel workers spread out yet still back off.
          const jittered = exponential / 2 + random() * (exponential / 2);
          const waitMs = Math.round(Math.min(maxDelayMs, Math.max(jittered, failure.retryAfterMs ?? 0)));
          options.logger?.warn('gemini call failed; retrying', {
            attempt: attemptNumber,
            maxAttempts,
            waitMs,
            reason: failure.reason,
          });
          await sleep(waitMs);
          continue;
        }
        spent = addUsage(spent, toUsage(response.usageMetadata));
        try {
          const usage = priced(spent, price);
          return {
            ...interpret(response, options.model, maxOutputTokens),
            ...(usage ? { usage } : {}),
            ...(asked === request ? {} : { shorter: true as const }),
          };
        } catch (error) {
          // A truncated answer gets one more call with twice the room (within the cap), so an answer
          // that needs more than estimated is not lost to the fallback; cut again (or already at the
          // cap), the shorter answer is asked for once. The usage of every call is kept. Each counts
          // as an attempt, so one call never makes more than maxAttempts requests (the worker's
          // timeout is sized for that).
          const cut = error instanceof OutputLimitError;
          const more = cut && !roomAsked && maxOutputTokens < cap;
          const shorter = cut && !more ? asked.shorter : undefined;
          if ((!more && !shorter) || attemptNumber >= maxAttempts) {
            if (error instanceof PlannerUnavailableError) error.usage = priced(spent, price);
            throw error;
          }
          if (shorter) {
            // At least the room the cut call had: a cut that thinking caused needs no less for a
            // shorter answer, and only what is written is billed.
            const next = Math.min(cap, Math.max(maxOutputTokens, shorter.maxOutputTokens));
            options.logger?.warn('gemini answer hit the output limit again; asking for the shorter answer', {
              maxOutputTokens,
              next,
            });
            asked = shorter;
            maxOutputTokens = next;
            // Its budget already holds 1.5× its largest answer: a cut there is not fixed by more room,
            // so three calls at most are spent on an answer that does not fit.
            roomAsked = true;
            continue;
          }
          roomAsked = true;
          options.logger?.warn('gemini answer hit the output limit; retrying with more room', {
            maxOutputTokens,
            next: Math.min(cap, maxOutputTokens * 2),
          });
          maxOutputTokens = Math.min(cap, maxOutputTokens * 2);
        }
      }
    },
  };
}

/** Checks why the model stopped before reading its text: a truncated or withheld answer is a failure. */
function interpret(
  response: GenerateContentResponse,
  model: string,
  maxOutputTokens: number,
): Omit<JsonCallAnswer, 'usage'> {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) {
    const detail = response.promptFeedback?.blockReasonMessage;
    throw new PlannerUnavailableError(
      `Gemini blocked the prompt (${blockReason}${detail ? `: ${detail}` : ''})`,
    );
  }
  const candidate = response.candidates?.[0];
  if (!candidate) throw new PlannerUnavailableError('Gemini returned no candidates');
  const finishReason = candidate.finishReason;
  if (finishReason === FinishReason.MAX_TOKENS) {
    throw new OutputLimitError(
      `Gemini hit the output limit (MAX_TOKENS at maxOutputTokens ${maxOutputTokens}); the JSON is truncated`,
    );
  }
  if (finishReason !== FinishReason.STOP) {
    throw new PlannerUnavailableError(
      `Gemini did not finish its answer (finishReason ${finishReason ?? 'missing'})`,
    );
  }
  // Thought summaries are not the answer; only the visible text parts are.
  const text = (candidate.content?.parts ?? [])
    .filter((part) => part.thought !== true && typeof part.text === 'string')
    .map((part) => part.text)
    .join('')
    .trim();
  if (text === '') throw new PlannerUnavailableError('Gemini returned an empty answer');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlannerUnavailableError(
      `Gemini answered with text that is not JSON: ${text.slice(0, 80)}`,
      error,
    );
  }
  // Usage is added by generate(): the sum over the calls the answer took, priced.
  return { raw, model: response.modelVersion ?? model };
}

function addUsage(sum: TokenUsage | undefined, more: TokenUsage | undefined): TokenUsage | undefined {
  if (!sum) return more;
  if (!more) return sum;
  const thoughtTokens = (sum.thoughtTokens ?? 0) + (more.thoughtTokens ?? 0);
  return {
    promptTokens: sum.promptTokens + more.promptTokens,
    outputTokens: sum.outputTokens + more.outputTokens,
    ...(thoughtTokens ? { thoughtTokens } : {}),
    totalTokens: sum.totalTokens + more.totalTokens,
  };
}

/** Thoughts are billed as output, so they are counted in `outputTokens` (and apart in `thoughtTokens`). */
function toUsage(metadata: GenerateContentResponseUsageMetadata | undefined): TokenUsage | undefined {
  if (!metadata) return undefined;
  const promptTokens = metadata.promptTokenCount ?? 0;
  const thoughtTokens = metadata.thoughtsTokenCount ?? 0;
  const outputTokens = (metadata.candidatesTokenCount ?? 0) + thoughtTokens;
  return {
    promptTokens,
    outputTokens,
    ...(thoughtTokens ? { thoughtTokens } : {}),
    totalTokens: metadata.totalTokenCount ?? promptTokens + outputTokens,
  };
}

/** Usage with its estimated cost at the model's list price, when the price is known. */
function priced(
  usage: TokenUsage | undefined,
  price: Pick<ModelPrice, 'inputUsdPerMTok' | 'outputUsdPerMTok'> | undefined,
): TokenUsage | undefined {
  if (!usage) return undefined;
  const cost = estimateCostUsd(price, usage);
  return cost === null ? usage : { ...usage, estimatedCostUsd: cost };
}

function classify(error: unknown): Failure {
  if (error instanceof AttemptTimeoutError)
    return { retryable: true, unreachable: true, reason: `timeout: ${error.message}` };
  if (error instanceof ApiError) {
    const google = parseGoogleError(error.message);
    return {
      retryable: RETRYABLE_STATUSES.has(error.status),
      // Gemini answered, even if only to say it is overloaded (429, 5xx): the way there works.
      unreachable: false,
      reason: `HTTP ${error.status}${google.status ? ` ${google.status}` : ''}${google.message ? `: ${google.message}` : ''}`,
      ...(google.retryAfterMs === undefined ? {} : { retryAfterMs: google.retryAfterMs }),
    };
  }
  if (isNetworkError(error))
    return { retryable: true, unreachable: true, reason: `network error: ${describe(error)}` };
  return { retryable: false, unreachable: false, reason: describe(error) };
}

/** ApiError's message is Google's error body as JSON; its RetryInfo says how long to wait on 429. */
function parseGoogleError(message: string): { status?: string; message?: string; retryAfterMs?: number } {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return { message: message.slice(0, 200) };
  }
  const error = (body as { error?: { status?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  if (!error) return {};
  let retryAfterMs: number | undefined;
  for (const detail of Array.isArray(error.details) ? error.details : []) {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(String((detail as { retryDelay?: unknown })?.retryDelay ?? ''));
    if (match) retryAfterMs = Number(match[1]) * 1000;
  }
  return {
    ...(typeof error.status === 'string' ? { status: error.status } : {}),
    ...(typeof error.message === 'string' ? { message: error.message.slice(0, 200) } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

// Node's fetch reports a refused, reset or dropped connection as a TypeError whose cause carries a code.
// Checked by shape, not instanceof: errors from another realm (a vm context) are not `Error` here.
function isNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, name, message, cause } = current as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return true;
    if (name === 'TypeError' && (message === 'fetch failed' || message === 'terminated')) return true;
    current = cause;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
