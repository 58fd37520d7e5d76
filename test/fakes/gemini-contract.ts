/**
 * The published Gemini API contract the fake server holds, as of late 2026. Sources:
 * - request and config fields: the REST reference of `models.generateContent` and the v1beta
 *   `generative_service.proto` (googleapis/googleapis); v1's surface from the v1 proto, which lacks
 *   systemInstruction, tools and the 3.x generation controls (v1 has answered 400 "Unknown name
 *   systemInstruction" for them);
 * - response schema keywords: the API's `Schema` object (an OpenAPI 3.0 subset); int64 bounds
 *   (`maxItems`, `maxLength`, ...) as numbers or strings of digits (the SDK sends strings);
 * - response schema semantics, as the API reports them ("* GenerateContentRequest.<path>: <why>",
 *   quoted in public issue threads, 2025-2026: browser-use#3786, anomalyco/opencode#11889,
 *   iBUHub/AIStudioToAPI#154, cline#7339, decolua/9router#359): an OBJECT needs non-empty
 *   `properties`; `properties` and `required` only on an OBJECT; every `required` name defined in
 *   `properties`; an ARRAY needs `items`; `enum` only on a STRING (or an INTEGER, as the Schema
 *   docs show);
 * - thinking: the Gemini 3 guide (thinking levels per model, MINIMAL the default of Flash-Lite, only
 *   one of thinkingLevel and thinkingBudget), and maxOutputTokens covering thinking and the answer;
 * - media resolution: 280 / 560 / 1,120 tokens per image for LOW / MEDIUM / HIGH, HIGH by default;
 * - size: "from 20MB to 100MB (base64 encoded)" for inline data (Google, January 2026); larger
 *   requests are refused with 400 INVALID_ARGUMENT "Request payload size exceeds the limit".
 * Messages copy the real ones, so code that reads them is tested against what it will see.
 */
import type { FakeGeminiRequest } from './fake-gemini-server.ts';

/** The one API version whose contract is held in full. */
export const PINNED_API_VERSION = 'v1beta';

/** Current model ids (late 2026). */
export const CURRENT_MODELS: readonly string[] = [
  'gemini-3.5-flash-lite',
  'gemini-3.5-flash',
  'gemini-3.1-flash-lite',
  'gemini-3.1-pro',
  'gemini-3-flash',
];

export const MAX_REQUEST_BYTES = 100 * 1000 * 1000;

const REQUEST_FIELDS = [
  'contents',
  'tools',
  'toolConfig',
  'safetySettings',
  'systemInstruction',
  'generationConfig',
  'cachedContent',
];
const GENERATION_CONFIG_FIELDS = [
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'candidateCount',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'enableEnhancedCivicAnswers',
  'speechConfig',
  'imageConfig',
  'thinkingConfig',
  'mediaResolution',
];
/** What v1 lacks of the above. */
const NOT_ON_V1 = new Set([
  'tools',
  'toolConfig',
  'systemInstruction',
  'cachedContent',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'speechConfig',
  'imageConfig',
  'thinkingConfig',
  'mediaResolution',
]);
const THINKING_CONFIG_FIELDS = ['includeThoughts', 'thinkingBudget', 'thinkingLevel'];
const CONTENT_FIELDS = ['role', 'parts'];
const PART_FIELDS = [
  'text',
  'inlineData',
  'fileData',
  'thought',
  'thoughtSignature',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
  'videoMetadata',
  'mediaResolution',
];
const BLOB_FIELDS = ['mimeType', 'data'];
const SCHEMA_FIELDS = [
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
];
/** Schema fields the proto types int64: JSON takes an integer or a string of one, nothing else. */
const INT64_SCHEMA_FIELDS = [
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
];
const SCHEMA_TYPES = new Set([
  'TYPE_UNSPECIFIED',
  'STRING',
  'NUMBER',
  'INTEGER',
  'BOOLEAN',
  'ARRAY',
  'OBJECT',
  'NULL',
]);
const THINKING_LEVELS = new Set(['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH']);
const MEDIA_RESOLUTIONS = new Set([
  'MEDIA_RESOLUTION_UNSPECIFIED',
  'MEDIA_RESOLUTION_LOW',
  'MEDIA_RESOLUTION_MEDIUM',
  'MEDIA_RESOLUTION_HIGH',
]);

/** Tokens an image costs by media resolution on 3.x models; HIGH is the default for images. */
export const IMAGE_TOKENS: Readonly<Record<string, number>> = {
  MEDIA_RESOLUTION_LOW: 280,
  MEDIA_RESOLUTION_MEDIUM: 560,
  MEDIA_RESOLUTION_HIGH: 1120,
  MEDIA_RESOLUTION_UNSPECIFIED: 1120,
};

/**
 * Thinking tokens the fake spends per level: deterministic stand-ins for what a level uses on a
 * grouping task. Flash-Lite models default to MINIMAL, the others to HIGH (dynamic).
 */
export const THINKING_TOKENS: Readonly<Record<string, number>> = {
  MINIMAL: 0,
  LOW: 1024,
  MEDIUM: 4096,
  HIGH: 8192,
};

export interface Refusal {
  status: number;
  message: string;
}

/** Why the real API would refuse this request, or null when it would take it. */
export function contractViolation(
  request: FakeGeminiRequest,
  bytes: number,
  limits: { models: readonly string[]; maxRequestBytes: number },
): Refusal | null {
  if (request.apiVersion !== PINNED_API_VERSION && request.apiVersion !== 'v1') {
    return { status: 404, message: `Method not found: ${request.path}` };
  }
  if (!limits.models.includes(request.model)) {
    return {
      status: 404,
      message:
        `models/${request.model} is not found for API version ${request.apiVersion}, or is not supported for ` +
        'generateContent. Call ListModels to see the list of available models and their supported methods.',
    };
  }
  if (bytes > limits.maxRequestBytes) {
    return {
      status: 400,
      message: `Request payload size exceeds the limit: ${limits.maxRequestBytes} bytes.`,
    };
  }
  // The proto JSON mapping takes lowerCamel and snake_case alike: check the fields under one spelling.
  const body = camelized(request.body) as Record<string, unknown>;
  const v1 = request.apiVersion === 'v1';
  const allowed = (fields: string[]) => (v1 ? fields.filter((field) => !NOT_ON_V1.has(field)) : fields);
  return (
    unknownField(body, allowed(REQUEST_FIELDS), '') ??
    contentsViolation(body.contents, 'contents') ??
    (body.systemInstruction === undefined
      ? null
      : contentViolation(body.systemInstruction, 'system_instruction')) ??
    generationConfigViolation(body.generationConfig, allowed(GENERATION_CONFIG_FIELDS), request.model)
  );
}

function generationConfigViolation(value: unknown, fields: string[], model: string): Refusal | null {
  if (value === undefined) return null;
  const config = value as Record<string, unknown>;
  const unknown = unknownField(config, fields, 'generation_config');
  if (unknown) return unknown;
  if (config.responseSchema !== undefined) {
    const schema =
      schemaViolation(config.responseSchema, 'generation_config.response_schema') ??
      schemaSemantics(config.responseSchema, 'GenerateContentRequest.generation_config.response_schema');
    if (schema) return schema;
  }
  if (config.mediaResolution !== undefined && !MEDIA_RESOLUTIONS.has(String(config.mediaResolution))) {
    return invalidValue(config.mediaResolution, 'generation_config.media_resolution');
  }
  const thinking = config.thinkingConfig as Record<string, unknown> | undefined;
  if (thinking !== undefined) {
    const field = unknownField(thinking, THINKING_CONFIG_FIELDS, 'generation_config.thinking_config');
    if (field) return field;
    if (thinking.thinkingLevel !== undefined && !THINKING_LEVELS.has(String(thinking.thinkingLevel))) {
      return invalidValue(thinking.thinkingLevel, 'generation_config.thinking_config.thinking_level');
    }
    if (thinking.thinkingLevel !== undefined && thinking.thinkingBudget !== undefined) {
      return { status: 400, message: 'You can only set only one of thinking budget and thinking level.' };
    }
    if (thinking.thinkingLevel === 'MINIMAL' && /pro/.test(model)) {
      return { status: 400, message: 'Thinking level MINIMAL is not supported for this model.' };
    }
  }
  if (
    typeof config.maxOutputTokens === 'number' &&
    (config.maxOutputTokens < 1 || config.maxOutputTokens > 65_536)
  ) {
    return {
      status: 400,
      message: `The value of max_output_tokens is out of range: ${config.maxOutputTokens} (1 to 65536).`,
    };
  }
  return null;
}

function contentsViolation(value: unknown, at: string): Refusal | null {
  if (!Array.isArray(value) || value.length === 0) {
    return { status: 400, message: '* GenerateContentRequest.contents: contents is not specified' };
  }
  for (const [index, content] of value.entries()) {
    const violation = contentViolation(content, `${at}[${index}]`);
    if (violation) return violation;
  }
  return null;
}

function contentViolation(value: unknown, at: string): Refusal | null {
  const content = value as Record<string, unknown>;
  const unknown = unknownField(content, CONTENT_FIELDS, at);
  if (unknown) return unknown;
  if (
    content.role !== undefined &&
    at !== 'system_instruction' &&
    content.role !== 'user' &&
    content.role !== 'model'
  ) {
    return { status: 400, message: `Please use a valid role: user, model.` };
  }
  for (const [index, part] of ((content.parts as unknown[]) ?? []).entries()) {
    const where = `${at}.parts[${index}]`;
    const field = unknownField(part as Record<string, unknown>, PART_FIELDS, where);
    if (field) return field;
    const blob = (part as { inlineData?: Record<string, unknown> }).inlineData;
    if (blob !== undefined) {
      const blobField = unknownField(blob, BLOB_FIELDS, `${where}.inline_data`);
      if (blobField) return blobField;
    }
  }
  return null;
}

function schemaViolation(value: unknown, at: string): Refusal | null {
  const schema = value as Record<string, unknown>;
  const unknown = unknownField(schema, SCHEMA_FIELDS, at);
  if (unknown) return unknown;
  if (schema.type !== undefined && !SCHEMA_TYPES.has(String(schema.type)))
    return invalidValue(schema.type, `${at}.type`);
  // `enum` is a repeated string field: anything else fails to parse, as the real API's protobuf does.
  if (schema.enum !== undefined) {
    const values = Array.isArray(schema.enum) ? schema.enum : [schema.enum];
    const bad = values.findIndex((entry) => typeof entry !== 'string');
    if (bad >= 0) {
      return {
        status: 400,
        message: `Invalid JSON payload received. Invalid value at '${at}.enum[${bad}]' (TYPE_STRING), ${JSON.stringify(values[bad])}`,
      };
    }
  }
  for (const field of INT64_SCHEMA_FIELDS) {
    const bound = schema[field];
    if (bound !== undefined && !isInt64(bound)) {
      return {
        status: 400,
        message: `Invalid JSON payload received. Invalid value at '${at}.${snakeCase(field)}' (TYPE_INT64), ${JSON.stringify(bound)}`,
      };
    }
  }
  if (schema.pattern !== undefined && typeof schema.pattern !== 'string') {
    return {
      status: 400,
      message: `Invalid JSON payload received. Invalid value at '${at}.pattern' (TYPE_STRING), ${JSON.stringify(schema.pattern)}`,
    };
  }
  for (const [name, property] of Object.entries((schema.properties as Record<string, unknown>) ?? {})) {
    const violation = schemaViolation(property, `${at}.properties[${name}].value`);
    if (violation) return violation;
  }
  for (const [index, option] of ((schema.anyOf as unknown[]) ?? []).entries()) {
    const violation = schemaViolation(option, `${at}.any_of[${index}]`);
    if (violation) return violation;
  }
  if (schema.items !== undefined) return schemaViolation(schema.items, `${at}.items`);
  return null;
}

/**
 * What the API checks of a schema that parsed: the rules its error messages name (see the sources at
 * the top). Only the first violation is reported; the real API lists them all, one per line.
 */
function schemaSemantics(value: unknown, at: string): Refusal | null {
  const schema = value as Record<string, unknown>;
  const refuse = (where: string, why: string): Refusal => ({
    status: 400,
    message: `* ${at}${where}: ${why}\n`,
  });
  const type = String(schema.type ?? 'TYPE_UNSPECIFIED');
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (type === 'OBJECT' && Object.keys(properties).length === 0)
    return refuse('.properties', 'should be non-empty for OBJECT type');
  if (type !== 'OBJECT' && schema.properties !== undefined)
    return refuse('.properties', 'only allowed for OBJECT type');
  if (type !== 'OBJECT' && schema.required !== undefined)
    return refuse('.required', 'only allowed for OBJECT type');
  const required = Array.isArray(schema.required) ? schema.required : [];
  const undefinedName = required.findIndex((name) => typeof name !== 'string' || !(name in properties));
  if (undefinedName >= 0) return refuse(`.required[${undefinedName}]`, 'property is not defined');
  if (type === 'ARRAY' && schema.items === undefined) return refuse('.items', 'missing field.');
  // Google's own Schema docs show an INTEGER enum ("101", "201"), so that one passes too.
  if (schema.enum !== undefined && type !== 'STRING' && type !== 'INTEGER')
    return refuse('.enum', 'only allowed for STRING type');
  for (const [name, property] of Object.entries(properties)) {
    const violation = schemaSemantics(property, `${at}.properties[${name}]`);
    if (violation) return violation;
  }
  for (const [index, option] of ((schema.anyOf as unknown[]) ?? []).entries()) {
    const violation = schemaSemantics(option, `${at}.any_of[${index}]`);
    if (violation) return violation;
  }
  if (schema.items !== undefined) return schemaSemantics(schema.items, `${at}.items`);
  return null;
}

/** The proto JSON mapping of int64: a whole number, or a string of one ("80", "-3"). */
function isInt64(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && /^-?\d{1,19}$/.test(value);
}

function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The value with every key in lowerCamel spelling (snake_case keys converted). */
function camelized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelized);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()),
      camelized(inner),
    ]),
  );
}

/** A field the message does not define (keys arrive camelized: both spellings are checked alike). */
function unknownField(value: Record<string, unknown>, fields: string[], at: string): Refusal | null {
  for (const key of Object.keys(value ?? {})) {
    if (!fields.includes(key)) {
      return {
        status: 400,
        message: `Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
      };
    }
  }
  return null;
}

function invalidValue(value: unknown, at: string): Refusal {
  return {
    status: 400,
    message: `Invalid JSON payload received. Invalid value at '${at}' (TYPE_ENUM), "${String(value)}"`,
  };
}

/** Prompt tokens as billed: images by media resolution (per part, else the request's), text at ~4 chars. */
export function promptTokens(request: FakeGeminiRequest): number {
  const config = request.body?.generationConfig ?? {};
  const requested = String(config.mediaResolution ?? 'MEDIA_RESOLUTION_UNSPECIFIED');
  let tokens = 0;
  const contents = [...(request.body?.systemInstruction ? [request.body.systemInstruction] : [])];
  contents.push(...(request.body?.contents ?? []));
  for (const part of contents.flatMap((content) => content.parts ?? [])) {
    if (typeof part.text === 'string') tokens += Math.ceil(part.text.length / 4);
    if (part.inlineData) {
      const own = (part as { mediaResolution?: { level?: string } }).mediaResolution?.level;
      tokens += IMAGE_TOKENS[own ?? requested] ?? 1120;
    }
  }
  return tokens;
}

/** Thinking tokens spent: an explicit budget, else the level asked for, else the model's default. */
export function thinkingTokens(model: string, config: Record<string, unknown>): number {
  const thinking = (config.thinkingConfig ?? {}) as { thinkingLevel?: string; thinkingBudget?: number };
  if (typeof thinking.thinkingBudget === 'number') return Math.max(0, thinking.thinkingBudget);
  const level = thinking.thinkingLevel ?? (/flash-lite/.test(model) ? 'MINIMAL' : 'HIGH');
  return THINKING_TOKENS[level] ?? 0;
}
