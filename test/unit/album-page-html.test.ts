/**
 * The album page template: whatever a spec holds (script tags, attribute breakouts, `</style>`,
 * `javascript:` anywhere, megabyte strings, unknown layouts, colours that are not colours), the HTML
 * that comes out has the same elements and attributes as for a harmless spec — only text changes — and
 * no URL but the signed photo URLs; every palette class pair is readable (WCAG AA).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { AlbumPageSpec } from '../../lambdas/core/album-page.ts';
import {
  escapeHtml,
  nearestAccent,
  nearestTone,
  PAGE_ACCENTS,
  PAGE_TEXT,
  PAGE_TONES,
  type PagePhoto,
  renderAlbumPage,
} from '../../lambdas/handlers/http/album-page-html.ts';

const photos: PagePhoto[] = ['p1', 'p2', 'p3'].map((id, index) => ({
  id,
  previewUrl: `https://photos.test/users/u/photos/${id}/preview.jpg?X-Amz-Signature=abc&x=1`,
  originalUrl: index === 0 ? `https://photos.test/users/u/photos/${id}/original.jpg?sig=1` : null,
  width: 1024,
  height: 768,
  takenAt: new Date(Date.UTC(2026, 4, 2 + index, 10)),
}));

const album = {
  title: 'Porto',
  description: 'A weekend',
  takenFrom: new Date(Date.UTC(2026, 4, 2)),
  takenTo: new Date(Date.UTC(2026, 4, 4)),
  place: { city: 'Porto', country: 'Portugal' },
};

const harmless: AlbumPageSpec = {
  layout: 'story',
  palette: { background: '#f6efe1', text: '#222222', accent: '#aa3322' },
  headline: 'Headline',
  introduction: 'Introduction',
  leadImageIds: ['p1'],
  sections: [
    { title: 'Day one', caption: 'Caption one', imageIds: ['p2'] },
    { title: 'Day two', caption: 'Caption two', imageIds: ['p3'] },
  ],
};

/** Every tag with its attribute names (not values): the page's structure, text taken out. */
function skeleton(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9!]+)([^>]*)>/g)].map(([, name, rest]) => {
    // Values are consumed whole (an escaped value holds no `"`), so text inside one is never read as a name.
    const attributes = [...(rest ?? '').matchAll(/\s([a-zA-Z-:]+)(?:="[^"]*")?/g)].map((match) => match[1]);
    return `${name}(${attributes.join(',')})`;
  });
}

/** Every URL the page points at (src, href). */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1] as string);
}

const hostile = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '</style><script>alert(1)</script>',
    '</title><script>alert(1)</script>',
    'javascript:alert(1)',
    '<a href="javascript:alert(1)">x</a>',
    '<!--',
    ']]><![CDATA[',
    '&lt;script&gt;',
    '\u0000\u2028\u2029',
    '{{constructor.constructor("alert(1)")()}}',
  ),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

describe('renderAlbumPage', () => {
  const reference = renderAlbumPage({ spec: harmless, album, photos });

  it('renders a whole page: headline, introduction, sections, every photo once with alt text', () => {
    const { html } = reference;
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<h1>Headline</h1>');
    expect(html).toContain('<p class="page-intro">Introduction</p>');
    expect(html).toContain('<h2 id="section-1">Day one</h2>');
    expect(html).toContain('2 May 2026 – 4 May 2026 · Porto, Portugal');
    expect(html).toContain('class="album-page tone-cream light accent-red layout-story"');
    for (const photo of photos) expect(html.split(`/photos/${photo.id}/preview.jpg`)).toHaveLength(2);
    expect(html).toContain('alt="Day one, taken 3 May 2026"');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html.match(/Download original/g)).toHaveLength(1);
  });

  it("allows images from the signed URLs' origin only, and no script at all", () => {
    expect(reference.contentSecurityPolicy).toBe(
      "default-src 'none'; img-src https://photos.test; style-src 'self'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'self'",
    );
    expect(reference.html).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
  });

  it('keeps its structure for any strings in any field: only text changes', () => {
    fc.assert(
      fc.property(
        fc.record({
          headline: hostile,
          introduction: hostile,
          t1: hostile,
          c1: hostile,
          t2: hostile,
          c2: hostile,
          title: hostile,
          city: hostile,
        }),
        (s) => {
          // Empty strings change which optional elements appear; the structure is compared on non-empty ones.
          const nonEmpty = (value: string, fallback: string) => (value.trim() === '' ? fallback : value);
          const spec: AlbumPageSpec = {
            ...harmless,
            headline: nonEmpty(s.headline, 'h'),
            introduction: nonEmpty(s.introduction, 'i'),
            sections: [
              { title: nonEmpty(s.t1, 't'), caption: nonEmpty(s.c1, 'c'), imageIds: ['p2'] },
              { title: nonEmpty(s.t2, 'u'), caption: nonEmpty(s.c2, 'd'), imageIds: ['p3'] },
            ],
          };
          const title =
            nonEmpty(s.title, 'Porto').trim() === spec.headline.trim() ? 'Other' : nonEmpty(s.title, 'Porto');
          const { html } = renderAlbumPage({
            spec,
            album: { ...album, title, place: { city: nonEmpty(s.city, 'x'), country: 'PT' } },
            photos,
          });
          expect(skeleton(html)).toEqual(skeleton(reference.html));
          expect(urls(html)).toEqual(urls(reference.html));
          expect(html).not.toMatch(/<(script|svg|iframe|object|embed|style)/i);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes layouts and colours from its fixed sets only', () => {
    const odd = {
      ...harmless,
      layout: 'evil" onload="x' as never,
      palette: {
        background: 'red;}</style>' as never,
        text: 'url(javascript:x)' as never,
        accent: '#12' as never,
      },
    };
    const { html } = renderAlbumPage({ spec: odd, album, photos });
    expect(html).toContain('class="album-page tone-paper light accent-neutral layout-story"');
    expect(skeleton(html)).toEqual(skeleton(reference.html));
  });

  it('never links or shows a URL that is not http(s), nor a photo the album does not hold', () => {
    const tricked = [
      { ...(photos[0] as PagePhoto), previewUrl: 'javascript:alert(1)' },
      { ...(photos[1] as PagePhoto), originalUrl: 'data:text/html,<script>alert(1)</script>' },
      photos[2] as PagePhoto,
    ];
    const { html } = renderAlbumPage({
      spec: { ...harmless, leadImageIds: ['p1', 'not-in-album'], sections: [] },
      album,
      photos: tricked,
    });
    expect(urls(html).filter((url) => url !== '/album-page.css')).toEqual([
      escapeHtml(photos[1]?.previewUrl as string),
      escapeHtml(photos[2]?.previewUrl as string),
    ]);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:');
  });

  it('renders a megabyte string as escaped text', () => {
    const huge = '<b>'.repeat(350_000);
    const { html } = renderAlbumPage({ spec: { ...harmless, introduction: huge }, album, photos });
    expect(html).toContain('&lt;b&gt;'.repeat(1000));
    expect(skeleton(html)).toEqual(skeleton(reference.html));
  });

  it('shows a photo the spec forgot, after the sections', () => {
    const { html } = renderAlbumPage({
      spec: { ...harmless, leadImageIds: [], sections: [{ title: 'Only', caption: '', imageIds: ['p1'] }] },
      album,
      photos,
    });
    expect(html).toContain('More moments');
    for (const photo of photos) expect(html).toContain(`/photos/${photo.id}/preview.jpg`);
  });
});

describe('palette classes', () => {
  const css = readFileSync(new URL('../../web/album-page.css', import.meta.url), 'utf8');
  const luminance = (hex: string) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const n = Number.parseInt(hex.slice(1), 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
    return (x + 0.05) / (y + 0.05);
  };

  /** A rule's declarations, whitespace-agnostic. */
  const rule = (selector: string) => {
    const found = new RegExp(`${selector.replaceAll('.', '\\.')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
    return Object.fromEntries(
      [...found.matchAll(/(--[a-z]+):\s*(#[0-9a-f]{6})/g)].map((match) => [match[1], match[2]]),
    );
  };

  it('are defined in web/album-page.css exactly as the template knows them', () => {
    for (const [tone, background] of Object.entries(PAGE_TONES)) {
      const declared = rule(`.tone-${tone}`);
      expect([tone, declared['--bg']]).toEqual([tone, background]);
      expect(Object.values(PAGE_TEXT)).toContain(declared['--fg']);
    }
    for (const [accent, { light, dark }] of Object.entries(PAGE_ACCENTS)) {
      expect(rule(`.light.accent-${accent}`)).toEqual({ '--accent': light });
      expect(rule(`.dark.accent-${accent}`)).toEqual({ '--accent': dark });
    }
  });

  it('keep text and accent readable on every tone (WCAG AA, 4.5:1)', () => {
    for (const tone of Object.keys(PAGE_TONES)) {
      const declared = rule(`.tone-${tone}`);
      const [background, text] = [declared['--bg'] ?? '', declared['--fg'] ?? ''];
      const shade = text === PAGE_TEXT.light ? 'light' : 'dark';
      expect([tone, contrast(background, text) >= 4.5]).toEqual([tone, true]);
      for (const [accent, colours] of Object.entries(PAGE_ACCENTS))
        expect([tone, accent, contrast(background, colours[shade]) >= 4.5]).toEqual([tone, accent, true]);
    }
  });

  it('are the nearest to the design: tone by colour, accent by hue, greys neutral', () => {
    expect(nearestTone('#fbfaf7')).toBe('paper');
    expect(nearestTone('#101820')).toBe('ink');
    expect(nearestTone('#e5eef8')).toBe('sky');
    expect(nearestTone('nope')).toBe('paper');
    expect(nearestAccent('#ff0000')).toBe('red');
    expect(nearestAccent('#0055ff')).toBe('blue');
    expect(nearestAccent('#808080')).toBe('neutral');
    expect(nearestAccent('#2e8b57')).toBe('green');
  });
});
