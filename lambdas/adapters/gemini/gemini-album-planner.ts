/**
 * AlbumPlanner on Gemini: the whole batch in ONE generateContent call with a JSON response schema.
 * The call itself (client, retries, finishReason, usage and cost) is gemini-json-call.ts, shared with
 * the page designer; this module says what is asked and how much room the answer gets.
 */
import { ALBUM_DESCRIPTION_MAX, MAX_ALBUMS_PER_JOB } from '../../core/album-plan.ts';
import { PlannerUnavailableError } from '../../core/errors.ts';
import type { AlbumPlanner, ExistingAlbum, PlannerAnswer, PlannerPhoto } from '../../core/ports.ts';
import { albumSystemInstruction, buildAlbumContents } from './album-prompt.ts';
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
 * limit and five 12-letter tags; 60 covers English at the limits. Captions in scripts that tokenize
 * denser (CJK) can need more: the MAX_TOKENS retry gives twice the room, up to the cap, and an answer
 * cut even there is asked again without the descriptions (the albums are the work; the offline
 * descriptions stand in for the model's).
 */
const TOKENS_PER_ALBUM = Math.ceil((60 + ALBUM_DESCRIPTION_MAX + 40) / 4);
const TOKENS_PER_PHOTO = 4;
export const TOKENS_PER_DESCRIPTION = 60;

/**
 * maxOutputTokens for a batch: 1.5× the largest answer it can need, plus the thinking allowance. For
 * the largest batch (500 photos) that is 55,024, under the default cap (65,536, the model's own limit);
 * 10,024 for its albums alone (`describePhotos: false`).
 */
export function outputBudget(photoCount: number, cap: number, { describePhotos = true } = {}): number {
  const answer =
    TOKENS_PER_ALBUM * Math.min(MAX_ALBUMS_PER_JOB, photoCount) +
    (TOKENS_PER_PHOTO + (describePhotos ? TOKENS_PER_DESCRIPTION : 0)) * photoCount;
  return Math.min(cap, Math.ceil(answer * 1.5) + THINKING_ALLOWANCE);
}

/** Creates the Gemini-backed AlbumPlanner. */
export function createGeminiAlbumPlanner(options: GeminiAlbumPlannerOptions): AlbumPlanner {
  const gemini = createGeminiJsonCall(options);
  return {
    async plan(photos: PlannerPhoto[], existing: readonly ExistingAlbum[] = []): Promise<PlannerAnswer> {
      if (photos.length === 0) throw new PlannerUnavailableError('no photos to organize');
      const existingRefs = existing.map((album) => album.ref);
      const ask = (describePhotos: boolean) => ({
        systemInstruction: albumSystemInstruction({ describePhotos }),
        responseSchema: albumResponseSchema(existingRefs, { describePhotos }),
        maxOutputTokens: outputBudget(photos.length, gemini.maxOutputTokensCap, { describePhotos }),
      });
      const { shorter, ...answer } = await gemini.generate({
        contents: buildAlbumContents(photos, existing),
        ...ask(true),
        shorter: ask(false),
      });
      return { organizer: 'gemini', ...answer, ...(shorter ? { descriptionsLeftOut: true } : {}) };
    },
  };
}
