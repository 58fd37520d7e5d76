/**
 * An album page's design is untrusted: whatever the designer answers, the spec that comes out is one
 * the template can render as it is — known layout, #rrggbb colours with readable text, plain bounded
 * text, only the album's photos, each exactly once.
 */
import { type AlbumPageSpec, PAGE_LAYOUTS, PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import { repairPageSpec } from '../../lambdas/core/album-page-spec.ts';
import { AA_CONTRAST, contrast } from '../../lambdas/core/page-colours.ts';

const ids = ['img-1', 'img-2', 'img-3', 'img-4', 'img-5'];
const refs = new Map(ids.map((id, index) => [`p${index + 1}`, id]));
const fallback: AlbumPageSpec = {
  layout: 'grid',
  palette: { background: '#fafafa', text: '#111111', accent: '#7a4420' },
  headline: 'Lisbon in May',
  introduction: 'Five photos.',
  leadImageIds: ['img-1'],
  sections: [{ title: 'Saturday 3 May', caption: '', imageIds: ['img-2', 'img-3', 'img-4', 'img-5'] }],
};
const repair = (raw: unknown) => repairPageSpec(raw, { refs, imageIds: ids, fallback });

const clean = {
  layout: 'mosaic',
  palette: { background: '#102030', text: '#f0f0f0', accent: '#ffcc66' },
  headline: 'Days by the river',
  introduction: 'We walked.\n\nThen we ate.',
  leadImageIds: ['p2'],
  sections: [
    { title: 'Morning', caption: 'Fog on the water', imageIds: ['p1', 'p3'] },
    { title: 'Evening', caption: '', imageIds: ['p4', 'p5'] },
  ],
};

/** Every photo of the album exactly once, leads included. */
function shownOnce(spec: AlbumPageSpec) {
  const shown = [...spec.leadImageIds, ...spec.sections.flatMap((section) => section.imageIds)];
  expect([...shown].sort()).toEqual([...ids].sort());
}

describe('repairPageSpec', () => {
  it('keeps a clean design as it is, refs mapped to photo ids', () => {
    const { spec, repairs } = repair(clean);
    expect(repairs).toEqual([]);
    expect(spec).toEqual({
      ...clean,
      leadImageIds: ['img-2'],
      sections: [
        { title: 'Morning', caption: 'Fog on the water', imageIds: ['img-1', 'img-3'] },
        { title: 'Evening', caption: '', imageIds: ['img-4', 'img-5'] },
      ],
    });
  });

  it('keeps script tags and HTML as plain text (the template escapes), strips control characters', () => {
    const { spec } = repair({
      ...clean,
      headline: '<script>alert(1)</script>\u0000\u0007 hi',
      introduction: '<img src=x onerror=alert(1)>\r\nline\u001b[31m',
      sections: [{ title: '</h2><iframe src="//evil">', caption: 'a\u202eevil', imageIds: ['p1'] }],
    });
    expect(spec.headline).toBe('<script>alert(1)</script> hi');
    expect(spec.introduction).toBe('<img src=x onerror=alert(1)>\nline [31m');
    expect(spec.sections[0]?.title).toBe('</h2><iframe src="//evil">');
    expect(spec.sections[0]?.caption).toBe('aevil');
  });

  it('cuts 1 MB strings to the limits by code points, never rejecting the design', () => {
    const huge = '😀'.repeat(500_000);
    const { spec, repairs } = repair({
      ...clean,
      headline: huge,
      introduction: 'x'.repeat(1_000_000),
      sections: [{ title: huge, caption: huge, imageIds: ['p1'] }],
    });
    expect(Array.from(spec.headline)).toHaveLength(PAGE_LIMITS.headline);
    expect(spec.headline.startsWith('😀😀')).toBe(true);
    expect(spec.introduction).toHaveLength(PAGE_LIMITS.introduction);
    expect(Array.from(spec.sections[0]?.title ?? '')).toHaveLength(PAGE_LIMITS.sectionTitle);
    expect(Array.from(spec.sections[0]?.caption ?? '')).toHaveLength(PAGE_LIMITS.caption);
    expect(repairs.some((note) => note.startsWith('headline longer than'))).toBe(true);
    expect(spec.layout).toBe('mosaic');
  });

  it('replaces a lone surrogate (which PostgreSQL cannot store in JSON) and never splits a pair', () => {
    const { spec } = repair({ ...clean, headline: `a\ud800b${'😀'.repeat(200)}` });
    expect(spec.headline.isWellFormed()).toBe(true);
    expect(spec.headline.startsWith('a\ufffdb😀')).toBe(true);
  });

  it('repairs an unknown layout to the first known one', () => {
    for (const layout of ['carousel', '', 7, null, { grid: true }, ['grid'], 'GRID']) {
      expect(repair({ ...clean, layout }).spec.layout).toBe(PAGE_LAYOUTS[0]);
    }
  });

  it('accepts only #rrggbb colours; anything else takes the fallback palette’s', () => {
    const { spec, repairs } = repair({
      ...clean,
      palette: { background: 'red', text: 'url(javascript:alert(1))', accent: '#FFCC66' },
    });
    expect(spec.palette.background).toBe('#fafafa');
    expect(spec.palette.text).toBe('#111111');
    expect(repairs).toEqual(
      expect.arrayContaining([
        expect.stringContaining('palette background'),
        expect.stringContaining('palette text'),
      ]),
    );
    const upper = repair({
      ...clean,
      palette: { background: '#102030', text: '#F0F0F0', accent: '#FFCC66' },
    });
    expect(upper.spec.palette).toEqual({ background: '#102030', text: '#f0f0f0', accent: '#ffcc66' });
    for (const colour of ['#fff', '#12345g', ' #123456', '#1234567', 'rgb(1,2,3)', 0x123456, null]) {
      expect(
        repair({ ...clean, palette: { ...clean.palette, background: colour } }).spec.palette.background,
      ).toBe('#fafafa');
    }
  });

  it('guarantees readable text: below 4.5:1 the text becomes black or white, whichever reads better', () => {
    const grey = repair({ ...clean, palette: { background: '#777777', text: '#888888', accent: '#7a7a7a' } });
    expect(contrast(grey.spec.palette.text, '#777777')).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(['#000000', '#ffffff']).toContain(grey.spec.palette.text);
    expect(grey.spec.palette.text).toBe('#000000');
    const navy = repair({ ...clean, palette: { background: '#000080', text: '#000040', accent: '#000050' } });
    expect(navy.spec.palette.text).toBe('#ffffff');
    // The accent (headings, links) is kept readable too, as close to its own colour as it can be.
    expect(contrast(navy.spec.palette.accent, '#000080')).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('drops unknown and repeated refs, real image ids the designer was not given, and empty sections', () => {
    const { spec, repairs } = repair({
      ...clean,
      leadImageIds: ['p1', 'p1', 'p99', 'img-2'],
      sections: [
        { title: 'A', imageIds: ['p1', 'p2', 'p2', 'nope', 3, null, { ref: 'p3' }] },
        { title: 'Empty', imageIds: ['p42'] },
        { title: 'B', imageIds: ['p3'] },
      ],
    });
    expect(spec.leadImageIds).toEqual(['img-1']);
    expect(spec.sections.map((section) => section.title)).toEqual(['A', 'B']);
    expect(spec.sections[0]?.imageIds).toEqual(['img-2']);
    // The photos left out join the section of the photo just before them in the album.
    expect(spec.sections[1]?.imageIds).toEqual(['img-3', 'img-4', 'img-5']);
    expect(repairs.length).toBeGreaterThan(3);
    shownOnce(spec);
  });

  it("puts the photos a long album's design never saw beside the photos taken just before them", () => {
    // 12 photos, the designer shown 4 of them (p1 = a1, p2 = a4, p3 = a7, p4 = a10).
    const album = Array.from({ length: 12 }, (_, index) => `a${index + 1}`);
    const sample = new Map([
      ['p1', 'a1'],
      ['p2', 'a4'],
      ['p3', 'a7'],
      ['p4', 'a10'],
    ]);
    const { spec } = repairPageSpec(
      {
        ...clean,
        leadImageIds: ['p1'],
        sections: [
          { title: 'Arrival', caption: '', imageIds: ['p2'] },
          { title: 'The hills', caption: '', imageIds: ['p3', 'p4'] },
        ],
      },
      { refs: sample, imageIds: album, fallback },
    );
    expect(spec.leadImageIds).toEqual(['a1']);
    expect(spec.sections.map((section) => [section.title, section.imageIds])).toEqual([
      // a2 and a3 come before any sectioned photo: the first section opens with them.
      ['Arrival', ['a2', 'a3', 'a4', 'a5', 'a6']],
      ['The hills', ['a7', 'a8', 'a9', 'a10', 'a11', 'a12']],
    ]);
  });

  it('gives the photos of a design with no section one untitled section, in album order', () => {
    const { spec } = repair({ ...clean, leadImageIds: ['p3'], sections: [] });
    expect(spec.sections).toEqual([
      { title: '', caption: '', imageIds: ['img-1', 'img-2', 'img-4', 'img-5'] },
    ]);
    shownOnce(spec);
  });

  it('keeps at most three real lead photos, out of the sections', () => {
    const { spec } = repair({ ...clean, leadImageIds: ['p1', 'p2', 'p3', 'p4', 'p5'] });
    expect(spec.leadImageIds).toEqual(['img-1', 'img-2', 'img-3']);
    expect(spec.sections.flatMap((section) => section.imageIds)).not.toContain('img-1');
    shownOnce(spec);
  });

  it('holds the section count: photos of sections past the limit join the last one', () => {
    const manyIds = Array.from({ length: 30 }, (_, index) => `img-${index + 1}`);
    const { spec } = repairPageSpec(
      {
        ...clean,
        leadImageIds: [],
        sections: manyIds.map((_, index) => ({ title: `S${index}`, imageIds: [`p${index + 1}`] })),
      },
      { refs: new Map(manyIds.map((id, index) => [`p${index + 1}`, id])), imageIds: manyIds, fallback },
    );
    expect(spec.sections).toHaveLength(PAGE_LIMITS.sections);
    expect(spec.sections.at(-1)?.imageIds).toHaveLength(30 - PAGE_LIMITS.sections + 1);
  });

  it('shows every photo when the design names none: one section of all, under no title', () => {
    const { spec } = repair({ layout: 'grid' });
    expect(spec.sections).toEqual([{ title: '', caption: '', imageIds: ids }]);
    expect(spec.headline).toBe(fallback.headline);
    expect(spec.palette).toEqual(fallback.palette);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a list', [clean]],
    ['text that is not JSON', '<html>'],
    ['nested junk', { layout: { a: { b: [] } }, palette: [1, 2], headline: { text: 'x' }, sections: 'all' }],
    [
      'numbers where strings belong',
      {
        ...clean,
        headline: 12,
        introduction: 3.5,
        sections: [{ title: 9, caption: false, imageIds: ['p1'] }],
      },
    ],
  ])('turns %s into a valid spec showing every photo', (_name, raw) => {
    const { spec, repairs } = repair(raw);
    expect(repairs.length).toBeGreaterThan(0);
    expect(PAGE_LAYOUTS).toContain(spec.layout);
    expect(spec.headline).not.toBe('');
    for (const text of [
      spec.headline,
      spec.introduction,
      ...spec.sections.flatMap((s) => [s.title, s.caption]),
    ]) {
      expect(typeof text).toBe('string');
    }
    shownOnce(spec);
  });

  it('keeps an empty introduction empty (the owner may clear it); a missing one is the fallback’s', () => {
    expect(repair({ ...clean, introduction: '  ' }).spec.introduction).toBe('');
    const { introduction: _, ...without } = clean;
    expect(repair(without).spec.introduction).toBe(fallback.introduction);
    expect(repair({ ...clean, introduction: 7 }).spec.introduction).toBe(fallback.introduction);
  });

  it('reads a design answered as JSON text', () => {
    expect(repair(JSON.stringify(clean)).repairs).toEqual([]);
  });

  it('ignores inherited and prototype keys', () => {
    const raw = JSON.parse('{"__proto__": {"headline": "polluted"}, "layout": "grid"}');
    expect(repair(raw).spec.headline).toBe(fallback.headline);
    expect(({} as Record<string, unknown>).headline).toBeUndefined();
  });
});
