/**
 * AlbumPlanner on Gemini: the whole batch in ONE generateContent call with a JSON response schema.
 * The call itself (client, retries, finishReason, usage and cost) is gemini-json-call.ts, shared with
 * the page designer; this module says what is asked and how much room the answer gets.
 */
import { ALBUM_DESCRIPTION_MAX, MAX_ALBUMS_PER_JOB } from '../../core/album-plan.ts';
import { PlannerUnavailableError } from '../../core/errors.ts';
import type { AlbumPlanner, ExistingAlbum, PlannerAnswer, PlannerPhoto } from '../../core/ports.ts';
import { ALBUM_SYSTEM_INSTRUCTION, buildAlbumContents } from './album-prompt.ts';
import { albumResponseSchema } from './album-response-schema.ts';
import { createGeminiJsonCall, type GeminiCallOptions, THINKING_ALLOWANCE } from './gemini-json-call.ts';

export type GeminiAlbumPlannerOptions = GeminiCallOptions;

/**
 * The answer's size, from what it holds (at the documented ~4 characters a token): every album's title
 * (≤ 60 asked), description (≤ 300) and JSON keys, ~100 tokens, for up to MAX_ALBUMS_PER_JOB albums;
 * every photo ref once (`"p123",` is 7 characters: 4 tokens leaves room for digits splitting badly).
 */
const TOKENS_PER_ALBUM = Math.ceil((60 + ALBUM_DESCRIPTION_MAX + 40) / 4);
const TOKENS_PER_PHOTO = 4;

/** maxOutputTokens for a batch: 1.5× the largest answer it can need, plus the thinking allowance. */
export function outputBudget(photoCount: number, cap: number): number {
  const answer = TOKENS_PER_ALBUM * Math.min(MAX_ALBUMS_PER_JOB, photoCount) + TOKENS_PER_PHOTO * photoCount;
  return Math.min(cap, Math.ceil(answer * 1.5) + THINKING_ALLOWANCE);
}

/** Creates the Gemini-backed AlbumPlanner. */
export function createGeminiAlbumPlanner(options: GeminiAlbumPlannerOptions): AlbumPlanner {
  const gemini = createGeminiJsonCall(options);
  return {
    async plan(photos: PlannerPhoto[], existing: readonly ExistingAlbum[] = []): Promise<PlannerAnswer> {
      if (photos.length === 0) throw new PlannerUnavailableError('no photos to organize');
      const answer = await gemini.generate({
        systemInstruction: ALBUM_SYSTEM_INSTRUCTION,
        contents: buildAlbumContents(photos, existing),
        responseSchema: albumResponseSchema(existing.map((album) => album.ref)),
        maxOutputTokens: outputBudget(photos.length, gemini.maxOutputTokensCap),
      });
      return { organizer: 'gemini', ...answer };
    },
  };
}
