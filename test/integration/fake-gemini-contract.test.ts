/**
 * The fake Gemini server holds the published contract (test/fakes/gemini-contract.ts): what the real
 * API refuses, it refuses the same way, so a planner that passes against it speaks the real protocol.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import { albumResponseSchema } from '../../lambdas/adapters/gemini/album-response-schema.ts';
import { createGeminiAlbumPlanner } from '../../lambdas/adapters/gemini/gemini-album-planner.ts';
import { pageResponseSchema } from '../../lambdas/adapters/gemini/page-response-schema.ts';
import { PlannerUnavailableError } from '../../lambdas/core/errors.ts';
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';

const KEY = 'contract-key';
const MODEL = 'gemini-3.5-flash-lite';
let fake: FakeGemini;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY, maxRequestBytes: 64 * 1024 });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** A raw REST call, as any client could send it. */
async function post(path: string, body: unknown) {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

const hello = { contents: [{ role: 'user', parts: [{ text: 'hello' }] }] };
const generate = (version = 'v1beta', model = MODEL) => `/${version}/models/${model}:generateContent`;

describe('the fake Gemini API refuses what the real one refuses', () => {
  it.each([
    ['an unknown API version', generate('v2'), hello, 404, 'Method not found'],
    [
      'an unknown model id',
      generate('v1beta', 'gemini-1.5-flash'),
      hello,
      404,
      'is not found for API version v1beta',
    ],
    [
      'systemInstruction on v1',
      generate('v1'),
      { ...hello, systemInstruction: { parts: [{ text: 'be brief' }] } },
      400,
      'Unknown name "systemInstruction"',
    ],
    [
      'a generation field that does not exist',
      generate(),
      { ...hello, generationConfig: { maxTokens: 10 } },
      400,
      `Unknown name "maxTokens" at 'generation_config'`,
    ],
    [
      'a field in the wrong place',
      generate(),
      { ...hello, thinkingConfig: { thinkingLevel: 'LOW' } },
      400,
      'Unknown name "thinkingConfig"',
    ],
    [
      'a response schema keyword the API does not take',
      generate(),
      { ...hello, generationConfig: { responseSchema: { type: 'OBJECT', additionalProperties: false } } },
      400,
      `Unknown name "additionalProperties" at 'generation_config.response_schema'`,
    ],
    [
      'an enum value that is not a string',
      generate(),
      {
        ...hello,
        generationConfig: { responseSchema: { type: 'STRING', format: 'enum', enum: ['a1', { ref: 'a2' }] } },
      },
      400,
      `Invalid value at 'generation_config.response_schema.enum[1]' (TYPE_STRING)`,
    ],
    [
      'a length bound that is not an integer (int64 in the proto)',
      generate(),
      { ...hello, generationConfig: { responseSchema: { type: 'STRING', maxLength: 'eighty' } } },
      400,
      `Invalid value at 'generation_config.response_schema.max_length' (TYPE_INT64)`,
    ],
    [
      'an item bound that is a fraction',
      generate(),
      {
        ...hello,
        generationConfig: {
          responseSchema: { type: 'OBJECT', properties: { refs: { type: 'ARRAY', maxItems: 2.5 } } },
        },
      },
      400,
      `Invalid value at 'generation_config.response_schema.properties[refs].value.max_items' (TYPE_INT64)`,
    ],
    [
      'a pattern that is not a string',
      generate(),
      { ...hello, generationConfig: { responseSchema: { type: 'STRING', pattern: { regex: '^#' } } } },
      400,
      `Invalid value at 'generation_config.response_schema.pattern' (TYPE_STRING)`,
    ],
    [
      'an OBJECT without properties',
      generate(),
      {
        ...hello,
        generationConfig: { responseSchema: { type: 'OBJECT', properties: { photos: { type: 'OBJECT' } } } },
      },
      400,
      '* GenerateContentRequest.generation_config.response_schema.properties[photos].properties: should be non-empty for OBJECT type',
    ],
    [
      'a required name that is not a property',
      generate(),
      {
        ...hello,
        generationConfig: {
          responseSchema: {
            type: 'OBJECT',
            properties: {
              photos: {
                type: 'ARRAY',
                items: {
                  type: 'OBJECT',
                  properties: { id: { type: 'STRING' } },
                  required: ['id', 'caption'],
                },
              },
            },
          },
        },
      },
      400,
      'response_schema.properties[photos].items.required[1]: property is not defined',
    ],
    [
      'an ARRAY without items',
      generate(),
      {
        ...hello,
        generationConfig: {
          responseSchema: { type: 'OBJECT', properties: { tags: { type: 'ARRAY', maxItems: '5' } } },
        },
      },
      400,
      'response_schema.properties[tags].items: missing field.',
    ],
    [
      'properties on a STRING',
      generate(),
      {
        ...hello,
        generationConfig: { responseSchema: { type: 'STRING', properties: { id: { type: 'STRING' } } } },
      },
      400,
      'response_schema.properties: only allowed for OBJECT type',
    ],
    [
      'an enum on an ARRAY',
      generate(),
      {
        ...hello,
        generationConfig: { responseSchema: { type: 'ARRAY', items: { type: 'STRING' }, enum: ['a'] } },
      },
      400,
      'response_schema.enum: only allowed for STRING type',
    ],
    [
      'both thinking controls',
      generate(),
      { ...hello, generationConfig: { thinkingConfig: { thinkingLevel: 'LOW', thinkingBudget: 100 } } },
      400,
      'only one of thinking budget and thinking level',
    ],
    [
      'a request over the inline size limit',
      generate(),
      { contents: [{ parts: [{ inlineData: { mimeType: 'image/jpeg', data: 'A'.repeat(70 * 1024) } }] }] },
      400,
      'Request payload size exceeds the limit',
    ],
  ])('%s', async (_, path, body, status, message) => {
    const answer = await post(path, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error?.message).toContain(message);
  });

  it('takes snake_case field names as the proto JSON mapping does, and checks them all the same', async () => {
    expect((await post(generate(), { ...hello, generation_config: { max_output_tokens: 100 } })).status).toBe(
      200,
    );
    const wrong = await post(generate(), {
      ...hello,
      generation_config: { response_schema: { type: 'OBJECT', additional_properties: false } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.message).toContain('Unknown name "additionalProperties"');
  });

  it('takes int64 bounds as numbers or strings of digits, as the proto JSON mapping does', async () => {
    const bounded = (maxLength: unknown) => ({
      ...hello,
      generationConfig: { responseSchema: { type: 'STRING', maxLength, pattern: '^#[0-9a-f]{6}$' } },
    });
    expect((await post(generate(), bounded(80))).status).toBe(200);
    expect((await post(generate(), bounded('80'))).status).toBe(200);
  });

  it("takes the app's own response schemas, as the SDK serializes them (bounds as strings)", async () => {
    for (const responseSchema of [
      albumResponseSchema([], { describePhotos: true }),
      albumResponseSchema(['a1', 'a2'], { describePhotos: true }),
      albumResponseSchema(['a1'], { describePhotos: false }),
      pageResponseSchema(['p1']),
    ]) {
      const answer = await post(generate(), { ...hello, generationConfig: { responseSchema } });
      expect(answer.body.error?.message).toBeUndefined();
      expect(answer.status).toBe(200);
    }
  });

  it('refuses a role other than user and model', async () => {
    const answer = await post(generate(), { contents: [{ role: 'assistant', parts: [{ text: 'hi' }] }] });
    expect(answer.status).toBe(400);
  });
});

describe('the fake Gemini API bills as 3.x models do', () => {
  const image = { inlineData: { mimeType: 'image/jpeg', data: Buffer.from('jpeg').toString('base64') } };
  const usageFor = async (generationConfig: Record<string, unknown>) => {
    const answer = await post(generate(), { contents: [{ parts: [image, image] }], generationConfig });
    return (answer.body as { usageMetadata: { promptTokenCount: number; thoughtsTokenCount?: number } })
      .usageMetadata;
  };

  it('counts image tokens by the requested media resolution (HIGH when unset)', async () => {
    expect((await usageFor({ mediaResolution: 'MEDIA_RESOLUTION_LOW' })).promptTokenCount).toBe(2 * 280);
    expect((await usageFor({ mediaResolution: 'MEDIA_RESOLUTION_MEDIUM' })).promptTokenCount).toBe(2 * 560);
    expect((await usageFor({})).promptTokenCount).toBe(2 * 1120);
  });

  it('spends thinking out of maxOutputTokens, and cuts the answer with MAX_TOKENS when it runs out', async () => {
    expect((await usageFor({ thinkingConfig: { thinkingLevel: 'LOW' } })).thoughtsTokenCount).toBe(1024);
    const cut = await post(generate(), {
      ...hello,
      generationConfig: { maxOutputTokens: 1030, thinkingConfig: { thinkingLevel: 'LOW' } },
    });
    const candidate = (cut.body as { candidates: { finishReason: string }[] }).candidates[0];
    expect(candidate?.finishReason).toBe('MAX_TOKENS');
  });
});

describe('the SDK and the planner against the strict fake', () => {
  it("the SDK's own default (v1) is refused for the planner's request: the version must be pinned", async () => {
    const client = new GoogleGenAI({ apiKey: KEY, vertexai: false, httpOptions: { baseUrl: fake.url } });
    const error = await client.models
      .generateContent({ model: MODEL, contents: 'hi', config: { systemInstruction: 'be brief' } })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(fake.requests[0]?.apiVersion).toBe('v1');
  });

  it('an HTML error page from the front end is a retryable failure with a readable reason', async () => {
    fake.respondWith({ kind: 'html', status: 502 });
    const planner = createGeminiAlbumPlanner({
      apiKey: KEY,
      model: MODEL,
      baseUrl: fake.url,
      maxAttempts: 2,
      sleep: async () => {},
    });
    const error = await planner
      .plan([
        {
          ref: 'p1',
          image: { bytes: new Uint8Array([1]), mimeType: 'image/jpeg' },
          takenAt: null,
          place: null,
          camera: null,
        },
      ])
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PlannerUnavailableError);
    expect((error as Error).message).toMatch(/after 2 attempt\(s\): HTTP 502/);
    expect(fake.requests).toHaveLength(2);
  });
});
