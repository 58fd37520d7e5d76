/**
 * Model economy: what one job sends to Gemini, read from the requests the fake Gemini server
 * recorded, and what that costs at list prices.
 */

import { GEMINI_PRICES } from '../../lambdas/composition/worker.ts';
import { DEFAULT_GEMINI_MODEL } from '../../lambdas/config.ts';
import type { FakeGeminiRequest } from '../../test/fakes/fake-gemini-server.ts';
import type { ModelFigures } from '../results.ts';

/** List prices of the configured default model: the worker's own table (adapters/gemini/gemini-prices.ts). */
const price = GEMINI_PRICES[DEFAULT_GEMINI_MODEL];
if (!price)
  throw new Error(`no list price for the default model ${DEFAULT_GEMINI_MODEL} in gemini-prices.ts`);
export const PRICING = { model: DEFAULT_GEMINI_MODEL, ...price };

/** Tokens per image on 3.x models by media resolution (DESIGN.md: LOW 280, MEDIUM 560, HIGH 1120). */
const TOKENS_PER_IMAGE: Record<string, number> = {
  MEDIA_RESOLUTION_LOW: 280,
  MEDIA_RESOLUTION_MEDIUM: 560,
  MEDIA_RESOLUTION_HIGH: 1120,
  MEDIA_RESOLUTION_ULTRA_HIGH: 2240,
};
/** With no setting, 3.x models bill images at HIGH. */
const DEFAULT_IMAGE_TOKENS = 1120;

export interface JobRequestStats {
  /** generateContent requests the job made. */
  calls: number;
  mediaResolution: string | null;
  imageTokensPerPhoto: number;
  maxOutputTokens: number | null;
  /** Decoded image bytes of every inline image of the first call. */
  imageBytes: number[];
  /** Characters of text (system instruction and context lines) of the first call. */
  textChars: number;
  /** Size of the JSON body of the first call, as re-serialized (the wire size within a few bytes). */
  requestBodyBytes: number;
}

export function jobRequestStats(requests: readonly FakeGeminiRequest[]): JobRequestStats {
  const calls = requests.filter((request) => request.model !== '' && request.method === 'POST');
  const first = calls[0]?.body ?? null;
  const generation = (first?.generationConfig ?? {}) as Record<string, unknown>;
  const parts = [
    ...(first?.systemInstruction?.parts ?? []),
    ...(first?.contents ?? []).flatMap((content) => content.parts ?? []),
  ];
  const imageBytes: number[] = [];
  const partResolutions = new Set<string>();
  let textChars = 0;
  for (const part of parts) {
    if (typeof part.text === 'string') textChars += part.text.length;
    if (part.inlineData?.data) imageBytes.push(Buffer.byteLength(part.inlineData.data, 'base64'));
    const level = (part as { mediaResolution?: { level?: unknown } }).mediaResolution?.level;
    if (typeof level === 'string') partResolutions.add(level);
  }
  const configured = typeof generation.mediaResolution === 'string' ? generation.mediaResolution : null;
  // A per-part setting overrides the request's; report the most expensive one in force.
  const resolutions = partResolutions.size > 0 ? [...partResolutions] : configured ? [configured] : [];
  const imageTokensPerPhoto =
    resolutions.length === 0
      ? DEFAULT_IMAGE_TOKENS
      : Math.max(...resolutions.map((level) => TOKENS_PER_IMAGE[level] ?? DEFAULT_IMAGE_TOKENS));
  return {
    calls: calls.length,
    mediaResolution: resolutions.join(',') || null,
    imageTokensPerPhoto,
    maxOutputTokens: typeof generation.maxOutputTokens === 'number' ? generation.maxOutputTokens : null,
    imageBytes,
    textChars,
    requestBodyBytes: first ? Buffer.byteLength(JSON.stringify(first)) : 0,
  };
}

/** The estimate part of the results' cost figures (prices and their sources are added by the caller). */
export type CostEstimate = Omit<
  ModelFigures['cost'],
  'inputUsdPerMTok' | 'outputUsdPerMTok' | 'checked' | 'sources'
>;

/**
 * Cost of 1,000 photos sent as jobs of `photosPerJob`. Input tokens are exact for images (fixed per
 * image by the media resolution) and estimated for text (4 characters a token); output is bounded
 * by maxOutputTokens, so the total is an upper bound.
 */
export function costPer1000Photos(stats: JobRequestStats, photosPerJob: number): CostEstimate {
  const jobs = Math.ceil(1000 / photosPerJob);
  const textTokens = Math.ceil(stats.textChars / 4);
  const inputTokens = 1000 * stats.imageTokensPerPhoto + jobs * textTokens;
  const outputTokensCap = jobs * (stats.maxOutputTokens ?? 0);
  const inputUsd = (inputTokens / 1e6) * PRICING.inputUsdPerMTok;
  const outputUsdAtCap = (outputTokensCap / 1e6) * PRICING.outputUsdPerMTok;
  return {
    model: PRICING.model,
    photosPerJob,
    jobs,
    inputTokens,
    outputTokensCap,
    inputUsd,
    outputUsdAtCap,
    totalUsdUpperBound: inputUsd + outputUsdAtCap,
  };
}
