/**
 * AlbumPageDesigner on Gemini: ONE generateContent call per album page that answers a design spec as
 * JSON (page-response-schema.ts), with photo refs where the spec holds ids. The call (client, retries,
 * finishReason, usage and cost) is gemini-json-call.ts, shared with the album planner.
 */
import {
  type AlbumPageDesigner,
  PAGE_LIMITS,
  type PageDesignAnswer,
  type PageDesignRequest,
} from '../../core/album-page.ts';
import { PlannerUnavailableError } from '../../core/errors.ts';
import { createGeminiJsonCall, type GeminiCallOptions, THINKING_ALLOWANCE } from './gemini-json-call.ts';
import { buildPageContents, PAGE_SYSTEM_INSTRUCTION, pagePhotoSample } from './page-prompt.ts';
import { pageResponseSchema } from './page-response-schema.ts';

export type GeminiPageDesignerOptions = GeminiCallOptions;

/**
 * The answer's size at ~3 characters a token (a little under the documented ~4, since headlines and
 * captions are prose in any language, and short words and accents tokenize worse than English): the
 * headline, introduction, every section's title and caption at their limits, the palette and JSON keys,
 * and every photo ref up to twice (a section and the leads, `"p12",` at 4 tokens).
 */
const TOKENS_PER_REF = 4;
const PAGE_TEXT_TOKENS = Math.ceil(
  (PAGE_LIMITS.headline +
    PAGE_LIMITS.introduction +
    PAGE_LIMITS.sections * (PAGE_LIMITS.sectionTitle + PAGE_LIMITS.caption + 40) +
    200) /
    3,
);

/** maxOutputTokens for a page showing `photoCount` photos: 1.5× the largest answer, plus thinking. */
export function pageOutputBudget(photoCount: number, cap: number): number {
  const answer = PAGE_TEXT_TOKENS + TOKENS_PER_REF * (photoCount + PAGE_LIMITS.leadPhotos);
  return Math.min(cap, Math.ceil(answer * 1.5) + THINKING_ALLOWANCE);
}

/** Creates the Gemini-backed page designer. */
export function createGeminiPageDesigner(options: GeminiPageDesignerOptions): AlbumPageDesigner {
  const gemini = createGeminiJsonCall(options);
  return {
    async design(request: PageDesignRequest): Promise<PageDesignAnswer> {
      if (request.photos.length === 0) throw new PlannerUnavailableError('no photos to design a page with');
      // The photos whose renditions the worker read (design-album-page.ts picks them the same way).
      const shown = pagePhotoSample(request.photos);
      const answer = await gemini.generate({
        systemInstruction: PAGE_SYSTEM_INSTRUCTION,
        contents: buildPageContents(request, shown),
        responseSchema: pageResponseSchema(shown.map((photo) => photo.ref)),
        maxOutputTokens: pageOutputBudget(shown.length, gemini.maxOutputTokensCap),
      });
      return { designer: 'gemini', ...answer };
    },
  };
}
