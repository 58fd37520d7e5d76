/** What Gemini is asked for an album's page: the photos shown, the facts given and the answer's shape. */
import {
  albumFactsLine,
  buildPageContents,
  PAGE_PHOTOS_SENT,
  PAGE_SYSTEM_INSTRUCTION,
  pagePhotoSample,
} from '../../lambdas/adapters/gemini/page-prompt.ts';
import {
  HEX_COLOUR_PATTERN,
  pageResponseSchema,
} from '../../lambdas/adapters/gemini/page-response-schema.ts';
import { PAGE_LAYOUTS, PAGE_LIMITS, type PageDesignPhoto } from '../../lambdas/core/album-page.ts';

const photo = (index: number, overrides: Partial<PageDesignPhoto> = {}): PageDesignPhoto => ({
  ref: `p${index}`,
  image: { bytes: new Uint8Array([index % 256]), mimeType: 'image/jpeg' },
  takenAt: new Date(Date.UTC(2026, 4, 2, 14, 32)),
  place: { city: 'Porto', country: 'Portugal' },
  ...overrides,
});
const album = (count: number) => Array.from({ length: count }, (_, index) => photo(index + 1));
const refs = (photos: PageDesignPhoto[]) => photos.map((entry) => entry.ref);

describe('the photos a page call shows', () => {
  it('all of them up to the limit, in album order', () => {
    expect(refs(pagePhotoSample(album(PAGE_PHOTOS_SENT)))).toEqual(refs(album(PAGE_PHOTOS_SENT)));
    expect(refs(pagePhotoSample(album(3)))).toEqual(['p1', 'p2', 'p3']);
  });

  it.each([25, 47, 500])('past it (%i photos): the cover, the last, evenly between, never twice', (count) => {
    const shown = refs(pagePhotoSample(album(count)));
    expect(shown).toHaveLength(PAGE_PHOTOS_SENT);
    expect(new Set(shown).size).toBe(PAGE_PHOTOS_SENT);
    expect(shown[0]).toBe('p1');
    expect(shown.at(-1)).toBe(`p${count}`);
    const numbers = shown.map((ref) => Number(ref.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const gaps = numbers.slice(1).map((value, index) => value - (numbers[index] as number));
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });

  it('honours a smaller limit, down to the cover alone', () => {
    expect(refs(pagePhotoSample(album(10), 3))).toEqual(['p1', 'p6', 'p10']);
    expect(refs(pagePhotoSample(album(10), 1))).toEqual(['p1']);
  });
});

describe('what the model is told', () => {
  it('the album as a whole: its size, its span and its places, most frequent first', () => {
    const photos = [
      photo(1, { takenAt: new Date(Date.UTC(2026, 4, 3, 9)), place: { city: 'Braga', country: 'Portugal' } }),
      photo(2, { takenAt: new Date(Date.UTC(2026, 4, 1, 9)) }),
      photo(3, { takenAt: null }),
      photo(4, { place: null }),
    ];
    expect(albumFactsLine(photos)).toBe(
      '4 photos · 2026-05-01 to 2026-05-03 · near Porto, Portugal; Braga, Portugal',
    );
    expect(albumFactsLine([photo(1, { takenAt: null, place: null })])).toBe('1 photo');
  });

  it('a line of facts before each image; a photo with no image is named by its line alone', () => {
    const photos = [photo(1), photo(2, { image: undefined, place: null })];
    const parts = buildPageContents({ title: 'T', description: 'D', photos }, photos)[0]?.parts ?? [];
    const lines = parts.map((part) => part.text ?? `image ${part.inlineData?.mimeType}`);
    expect(lines).toEqual([
      'Album title: "T"',
      'Album description: "D"',
      'The album: 2 photos · 2026-05-02 · near Porto, Portugal.',
      "Here are all 2 photos, in the album's order; the first is the cover.",
      'Photo p1 · taken Sat 2026-05-02 14:32 · near Porto, Portugal',
      'image image/jpeg',
      'Photo p2 · taken Sat 2026-05-02 14:32',
      'Now design the page for all 2 photos shown.',
    ]);
  });

  it("the owner's words as quoted, single-line, bounded data", () => {
    const photos = [photo(1)];
    const parts =
      buildPageContents({ title: 'A\ntitle "quoted"', description: 'x'.repeat(5000), photos }, photos)[0]
        ?.parts ?? [];
    expect(parts[0]?.text).toBe('Album title: "A title \\"quoted\\""');
    expect(parts[1]?.text).toBe(`Album description: "${'x'.repeat(599)}…"`);
  });

  it('the instructions name every layout and every limit, and ask for plain text only', () => {
    for (const layout of PAGE_LAYOUTS) expect(PAGE_SYSTEM_INSTRUCTION).toContain(`${layout} (`);
    for (const limit of [
      PAGE_LIMITS.headline,
      PAGE_LIMITS.introduction,
      PAGE_LIMITS.caption,
      PAGE_LIMITS.sections,
    ])
      expect(PAGE_SYSTEM_INSTRUCTION).toContain(String(limit));
    expect(PAGE_SYSTEM_INSTRUCTION).toContain('no HTML tags');
    expect(PAGE_SYSTEM_INSTRUCTION).toContain('Answer with JSON only');
  });
});

describe('the shape the answer must take', () => {
  const schema = pageResponseSchema(['p1', 'p7']);
  const properties = schema.properties ?? {};

  it('a layout from the fixed set, and colours that match #rrggbb only', () => {
    expect(properties.layout).toMatchObject({ format: 'enum', enum: [...PAGE_LAYOUTS] });
    const pattern = new RegExp(HEX_COLOUR_PATTERN);
    for (const ok of ['#a1B2c3', '#000000']) expect(ok).toMatch(pattern);
    for (const bad of ['#fff', 'red', '#a1b2c3; x', '#a1b2c3\n']) expect(bad).not.toMatch(pattern);
    for (const name of ['background', 'text', 'accent'])
      expect(properties.palette?.properties?.[name]).toMatchObject({
        type: 'STRING',
        pattern: HEX_COLOUR_PATTERN,
      });
  });

  it('every photo field an enum of exactly the refs offered; every text bounded by PAGE_LIMITS', () => {
    const photoRef = { type: 'STRING', format: 'enum', enum: ['p1', 'p7'] };
    expect(properties.leadImageIds?.items).toEqual(photoRef);
    const section = properties.sections?.items?.properties ?? {};
    expect(section.imageIds?.items).toEqual(photoRef);
    expect(properties.headline?.maxLength).toBe(String(PAGE_LIMITS.headline));
    expect(properties.introduction?.maxLength).toBe(String(PAGE_LIMITS.introduction));
    expect(section.title?.maxLength).toBe(String(PAGE_LIMITS.sectionTitle));
    expect(section.caption?.maxLength).toBe(String(PAGE_LIMITS.caption));
    expect(properties.leadImageIds?.maxItems).toBe(String(PAGE_LIMITS.leadPhotos));
    expect(properties.sections?.maxItems).toBe(String(PAGE_LIMITS.sections));
  });

  it('asks for the fields of AlbumPageSpec, in the order that writes the words before the photo lists', () => {
    expect(schema.required).toEqual([
      'layout',
      'palette',
      'headline',
      'introduction',
      'leadImageIds',
      'sections',
    ]);
    expect(schema.propertyOrdering).toEqual(schema.required);
  });
});
