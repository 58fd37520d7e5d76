/**
 * Page designs as the fake Gemini server answers them: a valid design for the photos a page request
 * offers, and the hostile answers the untrusted-output tests need (what a confused or manipulated model
 * could send within the response schema's letter or outside it). The offered refs are read from the
 * request's own response schema (the enum of `leadImageIds`), as a model bound by it would.
 */
import type { FakeGeminiRequest } from './fake-gemini-server.ts';

/** What a hostile page answer carries; each is one way model output must not reach a browser as-is. */
export const HOSTILE_PAGE_ATTACKS = [
  /** A script tag (and an event-handler image) in the headline and introduction. */
  'script-headline',
  /** HTML in section titles and captions: tags that would close the section, an iframe, a javascript: link. */
  'html-captions',
  /** CSS and markup where the palette's #rrggbb colours belong. */
  'css-palette',
  /** A 1 MB headline, sent whole (see `uncapped`). */
  'huge-string',
  /** A layout the template does not know. */
  'unknown-layout',
  /** Photo refs the request never offered, repeated ones, and paths and ids dressed as refs. */
  'foreign-refs',
  /** Numbers, objects, nulls and arrays where strings belong, strings where arrays belong. */
  'wrong-types',
  /** A valid design cut in the middle, finishReason MAX_TOKENS (the API's truncated JSON). */
  'truncated',
] as const;
export type HostilePageAttack = (typeof HOSTILE_PAGE_ATTACKS)[number];

export interface PageAnswer {
  text: string;
  finishReason: string;
  /**
   * The fake normally cuts an answer at maxOutputTokens as the API does; a 1 MB string can only reach
   * the validator if it is not cut, so this answer is sent whole (a broken proxy or a raised cap could).
   */
  uncapped?: boolean;
}

/** Whether the request asks for a page design (its response schema has a `layout`). */
export function isPageRequest(request: FakeGeminiRequest): boolean {
  return schemaProperties(request)?.layout !== undefined;
}

/** The photo refs a page request offers: the enum its schema allows for leadImageIds. */
export function pageRefsOf(request: FakeGeminiRequest): string[] {
  const lead = schemaProperties(request)?.leadImageIds as { items?: { enum?: unknown } } | undefined;
  const refs = lead?.items?.enum;
  return Array.isArray(refs) ? refs.filter((ref): ref is string => typeof ref === 'string') : [];
}

/**
 * A valid design for `refs`: the first photo leads (and so is in no section, as the prompt asks), the
 * others follow in sections of up to four, in order.
 */
export function goodPageDesign(refs: readonly string[]) {
  const sections = [];
  for (let start = 1; start < refs.length; start += 4) {
    sections.push({
      title: `Part ${sections.length + 1}`,
      caption: `Photos ${start + 1} to ${Math.min(refs.length, start + 4)} of the album.`,
      imageIds: refs.slice(start, start + 4),
    });
  }
  return {
    layout: 'story',
    palette: { background: '#f6f1e7', text: '#1f1d1a', accent: '#9c3d2e' },
    headline: 'A few good days',
    introduction: 'The photos of the album, as the model would present them.',
    leadImageIds: refs.slice(0, 1),
    sections,
  };
}

/** The hostile answer for `attack`, built on the refs the request offers. */
export function hostilePageAnswer(attack: HostilePageAttack, request: FakeGeminiRequest): PageAnswer {
  const refs = pageRefsOf(request);
  const good = goodPageDesign(refs);
  const json = (value: unknown): PageAnswer => ({ text: JSON.stringify(value), finishReason: 'STOP' });
  switch (attack) {
    case 'script-headline':
      return json({
        ...good,
        headline: '<script>alert("headline")</script>Summer',
        introduction: 'Sunny days <img src=x onerror="alert(\'intro\')"> by the sea.',
      });
    case 'html-captions':
      return json({
        ...good,
        sections: good.sections.map((section, index) => ({
          ...section,
          title: `</section><iframe src="https://evil.example/${index}"></iframe>Day ${index + 1}`,
          caption: '<a href="javascript:alert(1)" style="position:fixed;inset:0">Tap here</a> <b>now</b>',
        })),
      });
    case 'css-palette':
      return json({
        ...good,
        palette: {
          background: '#fff; background-image: url("https://evil.example/track.png")',
          text: '</style><script>alert("palette")</script>',
          accent: 'expression(alert(1))',
        },
      });
    case 'huge-string':
      return { ...json({ ...good, headline: 'A'.repeat(1_000_000) }), uncapped: true };
    case 'unknown-layout':
      return json({ ...good, layout: 'carousel"><script>alert(1)</script>' });
    case 'foreign-refs':
      return json({
        ...good,
        leadImageIds: ['p999', refs[0] ?? 'p1', refs[0] ?? 'p1', '../../etc/passwd'],
        sections: [
          {
            title: 'Not yours',
            caption: 'Photos the request never offered.',
            imageIds: ['p999', '00000000-0000-4000-8000-000000000000', 'p1 OR 1=1', ...refs, ...refs],
          },
        ],
      });
    case 'wrong-types':
      return json({
        layout: 42,
        palette: 'blue',
        headline: { html: '<b>bold</b>' },
        introduction: null,
        leadImageIds: refs[0] ?? 'p1',
        sections: [
          { title: 7, caption: ['a', 'b'], imageIds: [1, null, {}, refs[0]] },
          'junk',
          null,
          { imageIds: 'p1' },
        ],
      });
    case 'truncated': {
      const text = JSON.stringify(good);
      return { text: text.slice(0, Math.floor(text.length / 2)), finishReason: 'MAX_TOKENS' };
    }
  }
}

function schemaProperties(request: FakeGeminiRequest): Record<string, unknown> | undefined {
  const schema = request.body?.generationConfig?.responseSchema as
    | { properties?: Record<string, unknown> }
    | undefined;
  return schema?.properties;
}
