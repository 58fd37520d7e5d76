/**
 * A fake Gemini API on 127.0.0.1 that speaks the REST protocol @google/genai uses
 * (`POST /{apiVersion}/models/{model}:generateContent`, key in `x-goog-api-key`), so tests exercise the
 * real SDK. It records every request and answers from a script: a queue of replies, then a default.
 *
 * It is strict by default and holds the published contract (contract.ts beside it says where each
 * rule comes from): only the pinned API version, known model ids, the fields GenerateContentRequest
 * and GenerationConfig define on that version, response schemas in the OpenAPI subset the API takes,
 * one thinking control at a time, and requests within the inline size limit; anything else gets the
 * 4xx the real API gives. Usage is counted the way 3.x models bill: image tokens by media resolution,
 * thinking spent out of maxOutputTokens (MAX_TOKENS when the budget runs out). `lenient` turns the
 * request checks off; a test that uses it must say why (none does today).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  goodPageDesign,
  type HostilePageAttack,
  hostilePageAnswer,
  isPageRequest,
  pageRefsOf,
} from './fake-gemini-pages.ts';
import {
  CURRENT_MODELS,
  contractViolation,
  MAX_REQUEST_BYTES,
  promptTokens,
  thinkingTokens,
} from './gemini-contract.ts';

export interface GeminiRequestPart {
  text?: string;
  thought?: boolean;
  inlineData?: { mimeType?: string; data?: string };
}

export interface GeminiRequestBody {
  contents?: Array<{ role?: string; parts?: GeminiRequestPart[] }>;
  systemInstruction?: { role?: string; parts?: GeminiRequestPart[] };
  generationConfig?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FakeGeminiRequest {
  method: string;
  /** Path without the query, e.g. `/v1/models/gemini-x:generateContent`. */
  path: string;
  /** Empty when the path is not a generateContent call. */
  apiVersion: string;
  model: string;
  headers: IncomingHttpHeaders;
  apiKey: string | undefined;
  /** The parsed JSON body (null when it was not JSON). */
  body: GeminiRequestBody | null;
}

export interface FakeUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

/** One scripted answer. `delayMs` holds the answer back (to trigger client timeouts). */
export type FakeGeminiReply = { delayMs?: number; usage?: FakeUsage } & (
  | /**
   * A valid answer built from the request: a page design for the refs a page request offers (see
   * goodPageDesign), else an album plan of the photo refs (see goodAlbumPlan).
   */ {
      kind: 'good';
      albumCount?: number;
    }
  /** A page design meant to hurt whoever trusts it (fake-gemini-pages.ts). */
  | { kind: 'hostile-page'; attack: HostilePageAttack }
  /**
   * This JSON as the answer. `uncapped` sends it whole even past maxOutputTokens, as a misbehaving or
   * compromised endpoint could: for tests of what the app does with an answer it should never get.
   */
  | { kind: 'json'; value: unknown; finishReason?: string; uncapped?: boolean }
  | { kind: 'text'; text: string; finishReason?: string }
  /** A candidate with this finish reason and, unless given, no text (as Gemini does for blocks). */
  | { kind: 'finish'; finishReason: string; text?: string }
  | { kind: 'no-candidates' }
  | { kind: 'blocked'; blockReason: string }
  /** Google's error JSON; `retryDelay` (e.g. "2s") adds a RetryInfo detail as on real 429s. */
  | { kind: 'error'; status: number; message?: string; retryDelay?: string }
  /** An HTML error page, as Google's front end sends for some 4xx/5xx before the API is reached. */
  | { kind: 'html'; status: number }
);

export type FakeGeminiScript = FakeGeminiReply | ((request: FakeGeminiRequest) => FakeGeminiReply);

export interface FakeGemini {
  /** Base URL for `httpOptions.baseUrl`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request received, in order (live array). */
  requests: FakeGeminiRequest[];
  /** Queues replies used one per request, before the default. */
  enqueue(...replies: FakeGeminiScript[]): void;
  /** Sets the reply used once the queue is empty (initially `{ kind: 'good' }`). */
  respondWith(reply: FakeGeminiScript): void;
  /** Forgets requests and queued replies and restores the default reply. */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeGeminiOptions {
  /** When set, requests with another key get Google's 400 API_KEY_INVALID answer. */
  apiKey?: string;
  /** Model ids the fake serves (404 for others). Default: the current models of contract.ts. */
  models?: readonly string[];
  /** The request size the API refuses above (bytes of the JSON body). Default: the documented 100 MB. */
  maxRequestBytes?: number;
  /** Turns the request checks off; a test that uses it says why. */
  lenient?: boolean;
}

const ROUTE = /^\/([^/]+)\/models\/([^/:]+):generateContent$/;
const CANONICAL: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  shareUndiciDispatcher();
  const requests: FakeGeminiRequest[] = [];
  let queue: FakeGeminiScript[] = [];
  let fallback: FakeGeminiScript = { kind: 'good' };
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake gemini crashed: ${String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const route = ROUTE.exec(path);
    const header = req.headers['x-goog-api-key'];
    const request: FakeGeminiRequest = {
      method: req.method ?? '',
      path,
      apiVersion: route?.[1] ?? '',
      model: decodeURIComponent(route?.[2] ?? ''),
      headers: req.headers,
      apiKey: Array.isArray(header) ? header[0] : header,
      body: parseJson(raw),
    };
    requests.push(request);

    if (!route || req.method !== 'POST') return sendError(res, 404, `Method not found: ${path}`);
    if (options.apiKey !== undefined && request.apiKey !== options.apiKey)
      return sendError(res, 400, 'API key not valid. Please pass a valid API key.');
    if (request.body === null) return sendError(res, 400, 'Invalid JSON payload received.');
    if (!options.lenient) {
      const refusal = contractViolation(request, Buffer.byteLength(raw), {
        models: options.models ?? CURRENT_MODELS,
        maxRequestBytes: options.maxRequestBytes ?? MAX_REQUEST_BYTES,
      });
      if (refusal) return sendError(res, refusal.status, refusal.message);
    }

    const script = queue.shift() ?? fallback;
    const reply = typeof script === 'function' ? script(request) : script;
    if (reply.delayMs) {
      const waited = await wait(reply.delayMs, res);
      if (!waited) return; // the client gave up: nothing left to answer
    }
    if (reply.kind === 'error') return sendError(res, reply.status, reply.message, reply.retryDelay);
    if (reply.kind === 'html') return sendHtml(res, reply.status);
    sendJson(res, 200, responseBody(reply, request));
  }

  // Resolves false when the client disconnects first, so a timed-out request is not answered.
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(true);
      }, ms);
      timers.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (reply) => {
      fallback = reply;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
      fallback = { kind: 'good' };
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The photo refs of a request: the first word after "Photo" in the text part before each image. */
export function photoRefsOf(request: FakeGeminiRequest): string[] {
  const refs: string[] = [];
  for (const content of request.body?.contents ?? []) {
    const parts = content.parts ?? [];
    parts.forEach((part, index) => {
      if (!part.inlineData) return;
      const match = /^Photo\s+([\w-]+)/.exec(parts[index - 1]?.text ?? '');
      if (match?.[1]) refs.push(match[1]);
    });
  }
  return refs;
}

/** Whether an album request's response schema asks for the `photos` section (a caption and tags each). */
export function asksDescriptions(request: FakeGeminiRequest): boolean {
  const schema = request.body?.generationConfig?.responseSchema as
    | { properties?: Record<string, unknown> }
    | undefined;
  return schema?.properties?.photos !== undefined;
}

/** All text the request carries (system instruction and user turn), joined by newlines. */
export function requestText(request: FakeGeminiRequest): string {
  const contents = [...(request.body?.systemInstruction ? [request.body.systemInstruction] : [])];
  contents.push(...(request.body?.contents ?? []));
  return contents
    .flatMap((content) => content.parts ?? [])
    .flatMap((part) => (typeof part.text === 'string' ? [part.text] : []))
    .join('\n');
}

/** `count` replies of Google's error JSON with `status` in a row (e.g. a 503 burst before an answer). */
export function errorBurst(status: number, count: number): FakeGeminiReply[] {
  return Array.from({ length: count }, () => ({ kind: 'error', status }) as const);
}

/** What the fake says photos are about: plain captions and tags, one entry per ref, as a model would. */
const SCENES = [
  {
    caption: 'A tram climbs a steep cobbled street between tiled houses.',
    tags: ['tram', 'street', 'tiles'],
  },
  {
    caption: 'Two friends share grilled sardines at an outdoor table.',
    tags: ['dinner', 'sardines', 'friends'],
  },
  {
    caption: 'The river at dusk, with a long iron bridge and boats below.',
    tags: ['river', 'bridge', 'dusk', 'boats'],
  },
];

/** The `photos` section of a valid answer: a caption and tags for every ref, in order. */
export function goodPhotoDescriptions(
  refs: readonly string[],
): { id: string; caption: string; tags: string[] }[] {
  return refs.map((id, index) => {
    const scene = SCENES[index % SCENES.length] as (typeof SCENES)[number];
    return { id, caption: scene.caption, tags: [...scene.tags] };
  });
}

/**
 * A valid answer for `refs`: consecutive runs of photos split into `albumCount` albums, and every
 * photo described (goodPhotoDescriptions).
 */
export function goodAlbumPlan(
  refs: readonly string[],
  albumCount = 2,
): { albums: unknown[]; photos: ReturnType<typeof goodPhotoDescriptions> } {
  const count = Math.max(1, Math.min(albumCount, refs.length));
  const size = Math.ceil(refs.length / count);
  const albums = [];
  for (let index = 0; index < count; index++) {
    albums.push({
      title: `Album ${index + 1}`,
      description: `Photos ${index * size + 1} to ${Math.min(refs.length, (index + 1) * size)} of the upload.`,
      photoIds: refs.slice(index * size, (index + 1) * size),
    });
  }
  return { albums, photos: goodPhotoDescriptions(refs) };
}

function responseBody(
  reply: Exclude<FakeGeminiReply, { kind: 'error' } | { kind: 'html' }>,
  request: FakeGeminiRequest,
) {
  const config = request.body?.generationConfig ?? {};
  const base = { modelVersion: request.model, responseId: `fake-${Date.now().toString(36)}` };
  // Billed as 3.x models bill: each image by the requested media resolution, text at ~4 characters
  // a token, thinking by the requested level (or the model's default), all thinking out of the budget.
  const budget = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : 65_536;
  // Thinking stops where the budget does; what it left is the answer's.
  const thinking = reply.usage?.thoughtsTokenCount ?? Math.min(budget, thinkingTokens(request.model, config));
  const usage = (text: string) => {
    const promptTokenCount = reply.usage?.promptTokenCount ?? promptTokens(request);
    const candidatesTokenCount = reply.usage?.candidatesTokenCount ?? Math.ceil(text.length / 4);
    return {
      promptTokenCount,
      candidatesTokenCount,
      ...(thinking ? { thoughtsTokenCount: thinking } : {}),
      totalTokenCount: reply.usage?.totalTokenCount ?? promptTokenCount + candidatesTokenCount + thinking,
    };
  };
  const candidate = (text: string | undefined, finishReason: string, uncapped = false) => {
    // The answer gets what thinking left of the budget; past it the text is cut, as the API cuts it.
    const room = Math.max(0, budget - thinking) * 4;
    const cut = !uncapped && text !== undefined && finishReason === 'STOP' && text.length > room;
    const shown = cut ? text.slice(0, room) : text;
    return {
      candidates: [
        {
          content: { role: 'model', parts: shown === undefined ? [] : [{ text: shown }] },
          finishReason: cut ? 'MAX_TOKENS' : finishReason,
          index: 0,
        },
      ],
      usageMetadata: usage(shown ?? ''),
      ...base,
    };
  };

  switch (reply.kind) {
    case 'good': {
      if (isPageRequest(request))
        return candidate(JSON.stringify(goodPageDesign(pageRefsOf(request))), 'STOP');
      const plan = goodAlbumPlan(photoRefsOf(request), reply.albumCount);
      // Controlled generation writes only what the schema holds: no `photos` unless it was asked for.
      return candidate(JSON.stringify(asksDescriptions(request) ? plan : { albums: plan.albums }), 'STOP');
    }
    case 'hostile-page': {
      const answer = hostilePageAnswer(reply.attack, request);
      return candidate(answer.text, answer.finishReason, answer.uncapped);
    }
    case 'json':
      return candidate(JSON.stringify(reply.value), reply.finishReason ?? 'STOP', reply.uncapped);
    case 'text':
      return candidate(reply.text, reply.finishReason ?? 'STOP');
    case 'finish':
      return candidate(reply.text, reply.finishReason);
    case 'no-candidates':
      return { candidates: [], usageMetadata: usage(''), ...base };
    case 'blocked':
      return {
        promptFeedback: { blockReason: reply.blockReason, safetyRatings: [] },
        usageMetadata: usage(''),
        ...base,
      };
  }
}

/**
 * Jest runs tests in a vm context whose globalThis lacks the undici dispatcher that Node's fetch
 * registers on the main realm, and @google/genai looks it up on globalThis ("Undici globalDispatcher
 * is not available"). Sharing the main realm's dispatcher lets the real SDK run unchanged in tests.
 */
export function shareUndiciDispatcher(): void {
  const key = Symbol.for('undici.globalDispatcher.1');
  const here = globalThis as Record<symbol, unknown>;
  if (here[key]) return;
  new Headers(); // makes Node initialise undici in the realm that owns fetch
  // Headers belongs to the main realm, so its Function constructor evaluates there.
  const mainRealm = (Headers.constructor as FunctionConstructor)('return globalThis')() as Record<
    symbol,
    unknown
  >;
  if (mainRealm[key]) here[key] = mainRealm[key];
}

function sendError(res: ServerResponse, status: number, message?: string, retryDelay?: string): void {
  const canonical = CANONICAL[status] ?? 'UNKNOWN';
  const details = retryDelay
    ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }]
    : undefined;
  sendJson(res, status, {
    error: {
      code: status,
      message: message ?? `fake ${canonical}`,
      status: canonical,
      ...(details ? { details } : {}),
    },
  });
}

function sendHtml(res: ServerResponse, status: number): void {
  const text = `<!DOCTYPE html><html lang=en><title>Error ${status}</title><p><b>${status}.</b> That’s an error.</p></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): GeminiRequestBody | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as GeminiRequestBody) : null;
  } catch {
    return null;
  }
}
