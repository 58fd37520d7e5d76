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
 * every photo ref once in an album (`"p123",` is 7 characters: 4 tokens leaves room for digits
 * splitting badly); and every photo's description. That one was measured with the Gemma 3 tokenizer
 * (Gemini's family; BENCHMARKS.md, "Model request on real photos"): `{"id":"p1","caption":…,"tags":[…]}`
 * is 34–45 tokens (median 41) with a realistic caption and tags, 59 with a caption at its 120-character
 * limit and five 12-letter tags; 60 covers English at the limits. Captions in scripts that tokenize denser (CJK) can
 * need more: the MAX_TOKENS retry gives twice the room, up to the cap.
 */
const TOKENS_PER_ALBUM = Math.ceil((60 + ALBUM_DESCRIPTION_MAX + 40) / 4);
const TOKENS_PER_PHOTO = 4;
export const TOKENS_PER_DESCRIPTION = 60;

/**
 * maxOutputTokens for a batch: 1.5× the largest answer it can need, plus the thinking allowance. For
 * the largest batch (500 photos) that is 55,024, under the default cap (65,536, the model's own limit).
 */
export function outputBudget(photoCount: number, cap: number): number {
  const answer =
    TOKENS_PER_ALBUM * Math.min(MAX_ALBUMS_PER_JOB, photoCount) +
    (TOKENS_PER_PHOTO + TOKENS_PER_DESCRIPTION) * photoCount;
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
