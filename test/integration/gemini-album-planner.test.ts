/** The Gemini planner through the real @google/genai SDK against the fake Gemini server on loopback. */

import { randomBytes } from 'node:crypto';
import { ApiError } from '@google/genai';
import sharp from 'sharp';
import {
  createGeminiAlbumPlanner,
  type GeminiAlbumPlannerOptions,
  outputBudget,
} from '../../lambdas/adapters/gemini/gemini-album-planner.ts';
import { DEFAULT_MAX_OUTPUT_TOKENS_CAP } from '../../lambdas/adapters/gemini/gemini-json-call.ts';
import { imageAnalyzer } from '../../lambdas/composition/worker.ts';
import { repairAlbumPlan } from '../../lambdas/core/album-plan.ts';
import { PlannerUnavailableError } from '../../lambdas/core/errors.ts';
import { repairPhotoDescriptions } from '../../lambdas/core/photo-descriptions.ts';
import type { PlannerPhoto } from '../../lambdas/core/ports.ts';
import { freePort } from '../../lambdas/local-runtime/free-port.ts';
import {
  asksDescriptions,
  type FakeGemini,
  type FakeGeminiReply,
  type FakeGeminiRequest,
  goodAlbumPlan,
  goodPhotoDescriptions,
  photoRefsOf,
  requestText,
  startFakeGemini,
} from '../fakes/fake-gemini-server.ts';
import { promptTokens } from '../fakes/gemini-contract.ts';

const API_KEY = 'test-key-123';
const MODEL = 'gemini-3.5-flash-lite';

let fake: FakeGemini;
let jpegs: Buffer[];
let sleeps: number[];
let warnings: Array<Record<string, unknown> | undefined>;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: API_KEY });
  jpegs = await Promise.all(
    [0, 1, 2, 3, 4].map((shade) =>
      sharp({ create: { width: 16, height: 12, channels: 3, background: { r: 50 * shade, g: 90, b: 200 } } })
        .jpeg()
        .toBuffer(),
    ),
  );
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.reset();
  sleeps = [];
  warnings = [];
});

function planner(overrides: Partial<GeminiAlbumPlannerOptions> = {}) {
  return createGeminiAlbumPlanner({
    apiKey: API_KEY,
    model: MODEL,
    baseUrl: fake.url,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    logger: { info: () => {}, warn: (_message, data) => warnings.push(data), error: () => {} },
    ...overrides,
  });
}

function photos(count: number): PlannerPhoto[] {
  return Array.from({ length: count }, (_, index) => ({
    ref: `p${index + 1}`,
    image: { bytes: new Uint8Array(jpegs[index % jpegs.length] as Buffer), mimeType: 'image/jpeg' },
    takenAt: index === 0 ? new Date(Date.UTC(2024, 5, 1, 14, 32, 9)) : null,
    place: index === 0 ? { city: 'Porto', country: 'Portugal' } : null,
    camera: index === 0 ? 'Apple iPhone 15' : null,
  }));
}

async function planFailure(promise: Promise<unknown>): Promise<PlannerUnavailableError> {
  const error = await promise.then(
    () => new Error('expected the planner to fail'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PlannerUnavailableError);
  return error as PlannerUnavailableError;
}

/** The schema each album in the answer must follow, as the request sent it. */
function albumItemSchema(request: FakeGeminiRequest | undefined) {
  const schema = request?.body?.generationConfig?.responseSchema as
    | {
        properties: {
          albums: { items: { properties: Record<string, unknown>; propertyOrdering: string[] } };
        };
      }
    | undefined;
  if (!schema) throw new Error('no response schema sent');
  return schema.properties.albums.items;
}

describe('Gemini album planner', () => {
  it('sends all 50 photos with the prompt in one call and returns the parsed plan with usage', async () => {
    const batch = photos(50);
    const answer = await planner().plan(batch);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    if (!request) throw new Error('no request recorded');
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(request.apiKey).toBe(API_KEY);

    const refs = batch.map((photo) => photo.ref);
    expect(photoRefsOf(request)).toEqual(refs);
    const parts = request.body?.contents?.[0]?.parts ?? [];
    const images = parts.filter((part) => part.inlineData);
    expect(images).toHaveLength(50);
    expect(images[3]?.inlineData).toEqual({
      mimeType: 'image/jpeg',
      data: (jpegs[3] as Buffer).toString('base64'),
    });
    // Each image comes right after its own context line.
    const firstImage = parts.findIndex((part) => part.inlineData);
    expect(parts[firstImage - 1]?.text).toBe(
      'Photo p1 · taken Sat 2024-06-01 14:32 · near Porto, Portugal · camera Apple iPhone 15',
    );
    expect(parts[firstImage + 1]?.text).toBe('Photo p2');
    expect(requestText(request)).toContain('Put every photo in exactly one album');

    expect(request.body?.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      mediaResolution: 'MEDIA_RESOLUTION_LOW',
      maxOutputTokens: outputBudget(50, DEFAULT_MAX_OUTPUT_TOKENS_CAP),
      candidateCount: 1,
      thinkingConfig: { thinkingLevel: 'MINIMAL' },
      responseSchema: {
        type: 'OBJECT',
        required: ['albums', 'photos'],
        propertyOrdering: ['albums', 'photos'],
        properties: {
          albums: {
            type: 'ARRAY',
            items: {
              type: 'OBJECT',
              required: ['title', 'description', 'photoIds'],
              properties: {
                title: { type: 'STRING' },
                description: { type: 'STRING' },
                photoIds: { type: 'ARRAY', items: { type: 'STRING' } },
              },
            },
          },
          // What each photo is about, bounded in the keywords the API takes (int64 bounds as strings).
          photos: {
            type: 'ARRAY',
            items: {
              type: 'OBJECT',
              required: ['id', 'caption', 'tags'],
              properties: {
                id: { type: 'STRING' },
                caption: { type: 'STRING', maxLength: '120' },
                tags: { type: 'ARRAY', maxItems: '5', items: { type: 'STRING' } },
              },
            },
          },
        },
      },
    });
    expect(requestText(request)).toContain('Caption: one plain sentence on what is in the picture');

    // With no existing album offered there is nothing to join: the field is not offered either.
    expect(albumItemSchema(request).properties).not.toHaveProperty('existingAlbumId');

    // Google advises against lowering Gemini 3's temperature; the planner leaves it alone.
    expect(request.body?.generationConfig).not.toHaveProperty('temperature');

    // Billed at LOW resolution: 280 tokens an image, plus the text; MINIMAL thinking spends nothing.
    const prompt = promptTokens(request);
    expect(prompt).toBeGreaterThan(280 * 50);
    expect(prompt).toBeLessThan(280 * 50 + 2000);
    const output = Math.ceil(JSON.stringify(goodAlbumPlan(refs)).length / 4);
    expect(answer).toEqual({
      organizer: 'gemini',
      raw: goodAlbumPlan(refs),
      model: MODEL,
      usage: {
        promptTokens: prompt,
        outputTokens: output,
        totalTokens: prompt + output,
        estimatedCostUsd: Math.round(prompt * 0.3 + output * 2.5) / 1e6,
      },
    });
    // The answer is usable by the core as it is: its albums, and what each photo is about.
    expect(repairAlbumPlan(answer.raw, refs)).toMatchObject({ repairs: [] });
    const described = repairPhotoDescriptions(answer.raw, refs);
    expect(described.repairs).toEqual([]);
    expect([...described.byRef.keys()]).toEqual(refs);
    const { id: _id, ...second } = goodPhotoDescriptions(refs)[1] as { id: string };
    expect(described.byRef.get('p2')).toEqual({ ...second, source: 'model' });
    expect(sleeps).toEqual([]);
  });

  it("lets an album join only the existing albums offered: their ids are the field's enum", async () => {
    const existing = ['a1', 'a2'].map((ref) => ({
      ref,
      title: `Album ${ref}`,
      description: '',
      from: null,
      until: null,
      places: [],
      photoCount: 3,
      madeByUser: false,
      cover: null,
    }));
    await planner().plan(photos(3), existing);
    const items = albumItemSchema(fake.requests[0]);
    expect(items?.properties?.existingAlbumId).toMatchObject({
      type: 'STRING',
      format: 'enum',
      enum: ['a1', 'a2'],
    });
    expect(items?.propertyOrdering).toEqual(['title', 'description', 'existingAlbumId', 'photoIds']);
  });

  it('caps the output budget and counts thinking tokens as output', async () => {
    fake.enqueue({
      kind: 'good',
      usage: {
        promptTokenCount: 900,
        candidatesTokenCount: 40,
        thoughtsTokenCount: 200,
        totalTokenCount: 1140,
      },
    });
    const answer = await planner({ maxOutputTokensCap: 1000, thinkingLevel: null }).plan(photos(3));

    const config = fake.requests[0]?.body?.generationConfig;
    expect(config?.maxOutputTokens).toBe(1000);
    expect(config).not.toHaveProperty('thinkingConfig');
    expect(answer.usage).toEqual({
      promptTokens: 900,
      outputTokens: 240,
      thoughtTokens: 200,
      totalTokens: 1140,
      estimatedCostUsd: (900 * 0.3 + 240 * 2.5) / 1e6,
    });
  });

  it('gives the largest batch room for a full answer, every photo described at the limits, under the cap', async () => {
    const budget = outputBudget(500, DEFAULT_MAX_OUTPUT_TOKENS_CAP);
    expect(budget).toBe(55_024);
    expect(budget).toBeLessThan(DEFAULT_MAX_OUTPUT_TOKENS_CAP);
    // A full answer: 40 albums with titles and descriptions at their limits, every photo described with
    // a caption of 120 characters and five 12-letter tags. The fake bills ~4 characters a token, as the
    // planner's budget assumes; it cuts an answer over the budget with MAX_TOKENS as the API does.
    const refs = Array.from({ length: 500 }, (_, index) => `p${index + 1}`);
    const full = {
      albums: Array.from({ length: 40 }, (_, index) => ({
        title: 't'.repeat(60),
        description: 'd'.repeat(300),
        photoIds: refs.slice(index * 12.5, (index + 1) * 12.5),
      })),
      photos: refs.map((id) => ({
        id,
        caption:
          'A small brown dog runs along a sandy beach toward the waves under a pale evening sky, '.padEnd(
            120,
            'x',
          ),
        tags: ['abcdefghijkl', 'bcdefghijklm', 'cdefghijklmn', 'defghijklmno', 'efghijklmnop'],
      })),
    };
    fake.enqueue({ kind: 'json', value: full });
    const batch = Array.from({ length: 500 }, (_, index) => ({
      ...(photos(1)[0] as PlannerPhoto),
      ref: refs[index] as string,
    }));
    const answer = await planner().plan(batch);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body?.generationConfig?.maxOutputTokens).toBe(budget);
    expect(repairPhotoDescriptions(answer.raw, refs).byRef.size).toBe(500);
    expect(answer.usage?.outputTokens).toBeLessThan(budget);
  });

  it('never sends coordinates, only the coarse place', async () => {
    await planner().plan(photos(2));
    const [request] = fake.requests;
    if (!request) throw new Error('no request recorded');
    const text = requestText(request);
    expect(text).toContain('near Porto, Portugal');
    expect(text).not.toMatch(/\d+\.\d{3,}/);
  });

  it('calls the v1beta API, where the features it uses are documented, whatever the environment says', async () => {
    const previous = process.env.GOOGLE_GENAI_API_VERSION;
    process.env.GOOGLE_GENAI_API_VERSION = 'v1';
    try {
      await planner().plan(photos(1));
    } finally {
      if (previous === undefined) delete process.env.GOOGLE_GENAI_API_VERSION;
      else process.env.GOOGLE_GENAI_API_VERSION = previous;
    }
    expect(fake.requests.map((request) => request.apiVersion)).toEqual(['v1beta']);
  });

  it('retries once with twice the room when the answer hits the output limit, and bills both calls', async () => {
    fake.enqueue({ kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[{"title":"Beach da' });
    const answer = await planner().plan(photos(3));
    const budgets = fake.requests.map((request) => request.body?.generationConfig?.maxOutputTokens);
    const first = outputBudget(3, DEFAULT_MAX_OUTPUT_TOKENS_CAP);
    expect(budgets).toEqual([first, 2 * first]);
    expect(answer.raw).toEqual(goodAlbumPlan(['p1', 'p2', 'p3']));
    const prompt = promptTokens(fake.requests[0] as FakeGeminiRequest);
    expect(answer.usage?.promptTokens).toBe(2 * prompt);
    expect(sleeps).toEqual([]);
  });

  it('keeps what a truncated answer cost when the call after it fails', async () => {
    fake.enqueue({ kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[' });
    fake.respondWith({ kind: 'error', status: 503 });
    const error = await planFailure(planner({ maxAttempts: 3 }).plan(photos(2)));
    // Three calls in all, the retry with more room counted as one of the attempts.
    expect(fake.requests).toHaveLength(3);
    expect(error.message).toContain('after 3 attempt(s): HTTP 503');
    // Gemini answered (overloaded): not a broken way out, so not counted as unreachable.
    expect(error.unreachable).toBe(false);
    expect(error.usage?.promptTokens).toBe(promptTokens(fake.requests[0] as FakeGeminiRequest));
  });

  it('asks for the albums alone when the answer with descriptions is cut even with more room', async () => {
    // Captions far longer than asked (as a model writing dense scripts could): the answer with them
    // cannot fit, so the fake cuts it at maxOutputTokens as the API does, each time.
    const refs = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const long = {
      ...goodAlbumPlan(refs),
      photos: refs.map((id) => ({ id, caption: 'x'.repeat(20_000), tags: [] })),
    };
    fake.respondWith((request) =>
      asksDescriptions(request) ? { kind: 'json', value: long } : { kind: 'good' },
    );
    const cap = 6000;
    const answer = await planner({ maxOutputTokensCap: cap }).plan(photos(5));
    const budgets = fake.requests.map((request) => request.body?.generationConfig?.maxOutputTokens);
    const first = outputBudget(5, cap);
    // The full answer, the same with twice the room (capped), then the albums alone with no less room.
    const second = Math.min(cap, 2 * first);
    expect(budgets).toEqual([
      first,
      second,
      Math.max(second, outputBudget(5, cap, { describePhotos: false })),
    ]);
    expect(fake.requests.map(asksDescriptions)).toEqual([true, true, false]);
    const shorter = fake.requests[2] as FakeGeminiRequest;
    const instruction = shorter.body?.systemInstruction?.parts?.[0]?.text ?? '';
    expect(instruction).not.toContain('Caption');
    expect(instruction).toContain('Do not name or guess the identity of people');
    // The albums survive; the photos get no model description (the offline ones stand in).
    expect(answer.raw).toEqual({ albums: goodAlbumPlan(refs).albums });
    expect(answer.descriptionsLeftOut).toBe(true);
    expect(repairAlbumPlan(answer.raw, refs).albums).toHaveLength(2);
    expect(repairPhotoDescriptions(answer.raw, refs).byRef.size).toBe(0);
    // All three calls were billed, and the operator can tell why the photos went undescribed.
    expect(answer.usage?.promptTokens).toBe(
      fake.requests.reduce((sum, request) => sum + promptTokens(request), 0),
    );
    expect(warnings.at(-1)).toEqual({ maxOutputTokens: budgets[1], next: budgets[2] });
  });

  it('gives up when the albums alone are cut too, after three calls, keeping what all cost', async () => {
    fake.respondWith({ kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[' });
    const error = await planFailure(planner({ maxOutputTokensCap: 9000 }).plan(photos(3)));
    expect(fake.requests).toHaveLength(3);
    // The albums alone were asked with the room the cut call had (twice the first budget).
    expect(error.message).toContain(`MAX_TOKENS at maxOutputTokens ${2 * outputBudget(3, 9000)}`);
    expect(error.usage?.promptTokens).toBe(
      fake.requests.reduce((sum, request) => sum + promptTokens(request), 0),
    );
  });

  it('asks for the shorter answer only within maxAttempts', async () => {
    fake.respondWith({ kind: 'finish', finishReason: 'MAX_TOKENS', text: '{"albums":[' });
    const error = await planFailure(planner({ maxAttempts: 2 }).plan(photos(3)));
    expect(fake.requests.map(asksDescriptions)).toEqual([true, true]);
    expect(error.message).toContain('MAX_TOKENS');
  });

  it('refuses a request over the inline limit without sending it, and says how big it would be', async () => {
    const error = await planFailure(planner({ maxRequestBytes: 4096 }).plan(photos(40)));
    expect(error.message).toMatch(/the request would be [\d.]+ MB, over Gemini's inline limit of 0\.0 MB/);
    expect(fake.requests).toHaveLength(0);
  });

  it('fits 500 worst-case photos (pure noise, as the analyzer renders it) in one request under the limit', async () => {
    // Square noise at the model image's size: the most pixels and the least averaging (the worst case).
    const raw = randomBytes(512 * 512 * 3);
    const noise = await sharp(raw, { raw: { width: 512, height: 512, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const { modelImage } = await imageAnalyzer().analyze(noise, 'image/jpeg');
    const batch = Array.from({ length: 500 }, (_, index) => ({
      ref: `p${index + 1}`,
      image: { bytes: new Uint8Array(modelImage), mimeType: 'image/jpeg' },
      takenAt: new Date(Date.UTC(2026, 4, 1, 10, index % 60)),
      place: { city: 'Porto', country: 'Portugal' },
      camera: 'Apple iPhone 15',
    }));
    // The strict fake refuses anything over Google's documented 100 MB, as the API does.
    const answer = await planner().plan(batch);
    const [request] = fake.requests;
    expect(fake.requests).toHaveLength(1);
    expect(photoRefsOf(request as FakeGeminiRequest)).toHaveLength(500);
    expect(
      repairAlbumPlan(
        answer.raw,
        batch.map((photo) => photo.ref),
      ).repairs,
    ).toEqual([]);
    const sent = JSON.stringify(request?.body).length;
    console.info(
      `500 worst-case photos: ${(sent / 1e6).toFixed(1)} MB request, model image ${(modelImage.length / 1024).toFixed(1)} KB`,
    );
    expect(sent).toBeLessThan(0.6 * 100e6);
  });

  it("estimates each call's cost at the model's list price, thinking billed as output", async () => {
    fake.enqueue({
      kind: 'good',
      usage: { promptTokenCount: 10_000, candidatesTokenCount: 300, thoughtsTokenCount: 200 },
    });
    const answer = await planner().plan(photos(2));
    // gemini-3.5-flash-lite: $0.30 per 1M input, $2.50 per 1M output (gemini-prices.ts).
    expect(answer.usage).toEqual({
      promptTokens: 10_000,
      outputTokens: 500,
      thoughtTokens: 200,
      totalTokens: 10_500,
      estimatedCostUsd: (10_000 * 0.3 + 500 * 2.5) / 1e6,
    });
    fake.enqueue({ kind: 'good', usage: { promptTokenCount: 1_000_000, candidatesTokenCount: 1_000_000 } });
    const priced = await planner({ price: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } }).plan(photos(2));
    expect(priced.usage?.estimatedCostUsd).toBe(3);
  });

  it('sizes the output budget to hold the largest answer a 500-photo job can need', () => {
    // 40 albums with the longest title and description asked for, every photo ref once, and every
    // photo described with the longest caption and five tags.
    const largest = JSON.stringify({
      albums: Array.from({ length: 40 }, (_, album) => ({
        title: 'T'.repeat(60),
        description: 'D'.repeat(300),
        photoIds: Array.from({ length: 500 / 40 + 1 }, (_, index) => `p${album * 13 + index + 1}`),
      })),
      photos: Array.from({ length: 500 }, (_, index) => ({
        id: `p${index + 1}`,
        caption: 'C'.repeat(120),
        tags: Array.from({ length: 5 }, () => 'tag'.repeat(4)),
      })),
    });
    const cap = DEFAULT_MAX_OUTPUT_TOKENS_CAP;
    // At the documented ~4 characters a token, with the thinking allowance left over, and not capped.
    expect(Math.ceil(largest.length / 4) + 1024).toBeLessThan(outputBudget(500, cap));
    expect(outputBudget(500, cap)).toBeLessThan(cap);
    expect(outputBudget(1, cap)).toBeLessThan(outputBudget(500, cap));
    expect(outputBudget(500, 5000)).toBe(5000);
  });

  it('retries a 429 with backoff, then succeeds', async () => {
    fake.enqueue({ kind: 'error', status: 429, message: 'Resource has been exhausted' });
    const answer = await planner().plan(photos(4));

    expect(fake.requests).toHaveLength(2);
    expect(answer.raw).toEqual(goodAlbumPlan(['p1', 'p2', 'p3', 'p4']));
    // Equal jitter with random 0.5: half of 1000 ms plus half of the other half.
    expect(sleeps).toEqual([750]);
    expect(warnings[0]).toMatchObject({ attempt: 1, maxAttempts: 4, waitMs: 750 });
    expect(String(warnings[0]?.reason)).toContain('HTTP 429 RESOURCE_EXHAUSTED');
  });

  it("waits at least as long as Google's RetryInfo asks, within maxDelayMs", async () => {
    fake.enqueue(
      { kind: 'error', status: 429, retryDelay: '7s' },
      { kind: 'error', status: 429, retryDelay: '90s' },
    );
    await planner({ maxDelayMs: 20_000 }).plan(photos(1));
    expect(sleeps).toEqual([7000, 20_000]);
  });

  it('gives up on 503 after exactly maxAttempts calls with growing delays', async () => {
    fake.respondWith({ kind: 'error', status: 503, message: 'The model is overloaded.' });
    const error = await planFailure(planner().plan(photos(5)));

    expect(fake.requests).toHaveLength(4);
    expect(sleeps).toEqual([750, 1500, 3000]);
    expect(error.message).toContain('after 4 attempt(s)');
    expect(error.message).toContain('HTTP 503 UNAVAILABLE: The model is overloaded.');
    expect(error.cause).toBeInstanceOf(ApiError);
    expect((error.cause as ApiError).status).toBe(503);
  });

  it('honours maxAttempts and caps each delay at maxDelayMs', async () => {
    fake.respondWith({ kind: 'error', status: 500 });
    await planFailure(
      planner({ maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 5000, random: () => 1 }).plan(photos(1)),
    );
    expect(fake.requests).toHaveLength(6);
    expect(sleeps).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it.each([400, 401, 403, 404])('does not retry HTTP %i', async (status) => {
    fake.respondWith({ kind: 'error', status, message: 'nope' });
    const error = await planFailure(planner().plan(photos(2)));
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.message).toContain(`HTTP ${status}`);
    // A refusal is not an outage: the egress alarm must not count it.
    expect(error.unreachable).toBe(false);
  });

  it('does not retry a rejected API key', async () => {
    const error = await planFailure(planner({ apiKey: 'wrong-key' }).plan(photos(1)));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.apiKey).toBe('wrong-key');
    expect(error.message).toContain('API key not valid');
  });

  it('retries an attempt that times out', async () => {
    fake.enqueue({ kind: 'good', delayMs: 5000 });
    const started = Date.now();
    const answer = await planner({ timeoutMs: 300 }).plan(photos(3));

    expect(Date.now() - started).toBeLessThan(4000);
    expect(fake.requests).toHaveLength(2);
    expect(answer.raw).toEqual(goodAlbumPlan(['p1', 'p2', 'p3']));
    expect(sleeps).toEqual([750]);
    expect(String(warnings[0]?.reason)).toContain('timeout');
  });

  it('fails after maxAttempts timeouts', async () => {
    fake.respondWith({ kind: 'good', delayMs: 5000 });
    const error = await planFailure(planner({ timeoutMs: 150, maxAttempts: 2 }).plan(photos(1)));
    expect(fake.requests).toHaveLength(2);
    expect(error.message).toContain('timeout: no answer within 150 ms');
  });

  it('retries network errors and then gives up', async () => {
    const closedPort = await freePort();
    const error = await planFailure(
      planner({ baseUrl: `http://127.0.0.1:${closedPort}`, maxAttempts: 3 }).plan(photos(1)),
    );
    expect(sleeps).toHaveLength(2);
    expect(error.message).toContain('after 3 attempt(s): network error');
    expect(error.unreachable).toBe(true);
  });

  const contentFailures: Array<[string, FakeGeminiReply, string]> = [
    ['SAFETY', { kind: 'finish', finishReason: 'SAFETY' }, 'finishReason SAFETY'],
    [
      'PROHIBITED_CONTENT',
      { kind: 'finish', finishReason: 'PROHIBITED_CONTENT' },
      'finishReason PROHIBITED_CONTENT',
    ],
    ['RECITATION', { kind: 'finish', finishReason: 'RECITATION' }, 'finishReason RECITATION'],
    ['BLOCKLIST', { kind: 'finish', finishReason: 'BLOCKLIST' }, 'finishReason BLOCKLIST'],
    ['OTHER', { kind: 'finish', finishReason: 'OTHER', text: '{"albums":[]}' }, 'finishReason OTHER'],
    ['an empty candidate list', { kind: 'no-candidates' }, 'no candidates'],
    [
      'a blocked prompt',
      { kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' },
      'blocked the prompt (PROHIBITED_CONTENT)',
    ],
    ['non-JSON text', { kind: 'text', text: 'Sorry, I cannot help with that.' }, 'not JSON: Sorry, I cannot'],
    ['an empty answer', { kind: 'text', text: '  ' }, 'empty answer'],
  ];

  it.each(contentFailures)('fails without retrying on %s', async (_name, reply, expected) => {
    fake.enqueue(reply);
    const error = await planFailure(planner().plan(photos(1)));
    expect(error.message).toContain(expected);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('returns JSON of the wrong shape as raw: validating it is the core’s job', async () => {
    fake.enqueue({ kind: 'json', value: { groups: [1, 2] } });
    const answer = await planner().plan(photos(2));
    expect(answer.raw).toEqual({ groups: [1, 2] });
  });

  it('refuses an empty batch without calling Gemini', async () => {
    await planFailure(planner().plan([]));
    expect(fake.requests).toHaveLength(0);
  });
});
