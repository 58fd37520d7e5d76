/** What the model says each photo is about is untrusted: repaired into bounded captions and tags, never thrown on. */
import { cleanLine, cleanTags, repairPhotoDescriptions } from '../../lambdas/core/photo-descriptions.ts';
import { CAPTION_MAX, TAG_MAX, TAGS_MAX } from '../../lambdas/core/photo-details.ts';

const refs = ['p1', 'p2', 'p3'];

describe('repairPhotoDescriptions', () => {
  it('keeps a clean answer as it is, by ref, marked as the model’s', () => {
    const { byRef, repairs } = repairPhotoDescriptions(
      {
        albums: [],
        photos: [
          { id: 'p1', caption: 'A tram climbs a steep street.', tags: ['tram', 'street'] },
          { id: 'p2', caption: 'Sardines on a grill.', tags: [] },
          { id: 'p3', caption: 'A bridge at dusk.', tags: ['bridge'] },
        ],
      },
      refs,
    );
    expect(repairs).toEqual([]);
    expect(byRef.get('p1')).toEqual({
      caption: 'A tram climbs a steep street.',
      tags: ['tram', 'street'],
      source: 'model',
    });
    expect(byRef.get('p2')).toEqual({ caption: 'Sardines on a grill.', tags: [], source: 'model' });
  });

  it('drops unknown and repeated ids (the first description of a photo counts) and says which photos went without', () => {
    const { byRef, repairs } = repairPhotoDescriptions(
      {
        photos: [
          { id: 'p9', caption: 'Not a photo that was sent.', tags: ['ghost'] },
          { id: 'p1', caption: 'First.', tags: [] },
          { id: 'p1', caption: 'Second.', tags: [] },
          { id: 42, caption: 'A number id.' },
          'not an object',
          null,
        ],
      },
      refs,
    );
    expect([...byRef.keys()]).toEqual(['p1']);
    expect(byRef.get('p1')?.caption).toBe('First.');
    expect(repairs).toEqual([
      '2 description(s) not an object',
      '2 description(s) of unknown photo ids',
      '1 repeated description(s) of one photo',
      '2 photo(s) not described by the model',
    ]);
  });

  it('strips control and bidirectional characters, collapses whitespace and cuts a caption to CAPTION_MAX code points', () => {
    const hostile = `\u202eevil\u202c\u0000 line\nbreak\t\u2066isolated\u2069 \u200bzero${'é'.repeat(1_000_000)}`;
    const { byRef } = repairPhotoDescriptions({ photos: [{ id: 'p1', caption: hostile, tags: [] }] }, refs);
    const caption = byRef.get('p1')?.caption ?? '';
    expect(caption.startsWith('evil line break isolated zeroé')).toBe(true);
    expect(Array.from(caption)).toHaveLength(CAPTION_MAX);
    expect(caption.endsWith('…')).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting they are gone is the point.
    expect(caption).not.toMatch(/[\u0000-\u001f\u200b\u202a-\u202e\u2066-\u2069]/);
  });

  it('counts code points, not UTF-16 units: an emoji caption is not cut in half', () => {
    const { byRef } = repairPhotoDescriptions(
      { photos: [{ id: 'p1', caption: '🐶'.repeat(CAPTION_MAX + 10), tags: [] }] },
      refs,
    );
    const caption = byRef.get('p1')?.caption ?? '';
    expect(Array.from(caption)).toHaveLength(CAPTION_MAX);
    expect(caption.isWellFormed()).toBe(true);
  });

  it('lower-cases, trims, deduplicates and bounds the tags; drops tags that are not words', () => {
    const tags = [
      '  Beach ',
      'beach',
      'SUNSET',
      '#dog',
      42,
      null,
      '',
      'x'.repeat(TAG_MAX + 1),
      'waves',
      'sand',
      'sea',
      'sky',
    ];
    const { byRef } = repairPhotoDescriptions({ photos: [{ id: 'p1', caption: 'Shore.', tags }] }, refs);
    expect(byRef.get('p1')?.tags).toEqual(['beach', 'sunset', 'dog', 'waves', 'sand']);
  });

  it('gives a photo with neither a caption nor a tag no model description, so the offline one stands in', () => {
    const { byRef } = repairPhotoDescriptions(
      {
        photos: [
          { id: 'p1', caption: ' \u200b ', tags: ['', '  '] },
          { id: 'p2', tags: ['only', 'tags'] },
          { id: 'p3', caption: 'Only a caption.', tags: 'not a list' },
        ],
      },
      refs,
    );
    expect(byRef.has('p1')).toBe(false);
    expect(byRef.get('p2')).toEqual({ caption: null, tags: ['only', 'tags'], source: 'model' });
    expect(byRef.get('p3')).toEqual({ caption: 'Only a caption.', tags: [], source: 'model' });
  });

  it.each([
    ['no answer', null],
    ['a string', 'photos'],
    ['an array', [{ id: 'p1', caption: 'x' }]],
    ['photos that is not a list', { photos: { p1: 'x' } }],
    ['photos that is a number', { photos: 7 }],
  ])('never throws on a malformed answer: %s', (_, raw) => {
    const repaired = repairPhotoDescriptions(raw, refs);
    expect(repaired.byRef.size).toBe(0);
    expect(repaired.repairs.length).toBeGreaterThan(0);
  });

  it('reads at most two entries per photo sent, however long the list', () => {
    const photos = Array.from({ length: 100_000 }, () => ({ id: 'p9', caption: 'x', tags: [] }));
    photos.push({ id: 'p1', caption: 'Too late to be read.', tags: [] });
    const { byRef, repairs } = repairPhotoDescriptions({ photos }, refs);
    expect(byRef.size).toBe(0);
    expect(repairs[0]).toBe('100001 descriptions for 3 photos: the first 6 read');
  });
});

describe('cleanLine and cleanTags', () => {
  it('keeps the joiners that Persian words and emoji sequences need', () => {
    expect(cleanLine('می\u200cخواهم 👨\u200d👩\u200d👧', 40)).toBe('می\u200cخواهم 👨\u200d👩\u200d👧');
  });

  it('removes lone surrogates, which are not text', () => {
    expect(cleanLine('a\ud800b\udc00c', 10)).toBe('abc');
  });

  it('keeps at most TAGS_MAX tags', () => {
    expect(cleanTags(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toHaveLength(TAGS_MAX);
  });
});
