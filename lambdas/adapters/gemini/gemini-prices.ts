/**
 * List prices of the Gemini models Momentarium may call, USD per 1M tokens, standard (synchronous)
 * paid tier: the one table the worker's cost estimate and the bench read. Thinking is billed as output.
 * Google's page is ai.google.dev/gemini-api/docs/pricing (not reachable from the machines that built
 * this); each entry names the public copies it was checked against, and when. A model missing here
 * (or a price that changed) is set with GEMINI_PRICE_INPUT_USD_PER_MTOK / _OUTPUT_ (README).
 */
export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  checked: string;
  sources: readonly string[];
}

export const GEMINI_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gemini-3.5-flash-lite': {
    inputUsdPerMTok: 0.3,
    outputUsdPerMTok: 2.5,
    checked: '2026-11-24',
    sources: [
      'https://ai.google.dev/gemini-api/docs/pricing#gemini-3.5-flash-lite (Google, the primary source)',
      'https://github.com/Portkey-AI/models/pull/858 (2026-07-22: standard $0.30 input / $2.50 output per 1M, batch $0.15 / $1.25)',
      'https://github.com/suurt8ll/open_webui_functions/pull/269 (2026-07-21: $0.30 / $2.50 per 1M in/out)',
      'https://github.com/linuxarena/control-tower/pull/1380 (2026-08-14: $0.30 / $2.50 / $0.03 cached)',
    ],
  },
  'gemini-3.1-flash-lite': {
    inputUsdPerMTok: 0.25,
    outputUsdPerMTok: 1.5,
    checked: '2026-12-01',
    sources: [
      "https://ai.google.dev/gemini-api/docs/gemini-3 (Google's Gemini 3 guide, as copied in public repositories: $0.25 input text/image/video, $1.50 output per 1M)",
    ],
  },
};

/** The estimated cost of a call's tokens, or null when the model's price is not known. */
export function estimateCostUsd(
  price: Pick<ModelPrice, 'inputUsdPerMTok' | 'outputUsdPerMTok'> | undefined,
  usage: { promptTokens: number; outputTokens: number },
): number | null {
  if (!price) return null;
  const usd =
    (usage.promptTokens * price.inputUsdPerMTok + usage.outputTokens * price.outputUsdPerMTok) / 1e6;
  return Math.round(usd * 1e6) / 1e6;
}
