/** Without a model, a photo's caption and tags say only what ingest really knows about it. */
import { LOOK_LAYOUT, LOOK_LENGTH, LOOK_PALETTE } from '../../lambdas/core/look.ts';
import { describeOffline, formatPhotoDay } from '../../lambdas/core/offline-description.ts';

// Saturday 2 May 2026, 14:30 on the camera's clock (kept as if UTC).
const may = new Date(Date.UTC(2026, 4, 2, 14, 30));
const lisbon = { city: 'Lisbon', country: 'Portugal' };

/** A look like a scanned page: white, grey, drawn with edges (core/look.ts looksLikeDocument). */
function pageLook(): number[] {
  const look = new Array<number>(LOOK_LENGTH).fill(0);
  for (let index = 0; index < LOOK_LAYOUT; index += 3) look[index] = 0.9;
  look[LOOK_LAYOUT + LOOK_PALETTE] = 0.3; // edges
  look[LOOK_LAYOUT + LOOK_PALETTE + 3] = 0.02; // saturation
  return look;
}

describe('describeOffline', () => {
  it('captions the place and the day, in the photo’s own wall clock, and tags the place, month and season', () => {
    expect(describeOffline({ takenAt: may, dateSource: 'exif', place: lisbon })).toEqual({
      caption: 'Lisbon, Portugal · Saturday 2 May 2026',
      tags: ['lisbon', 'portugal', 'may', 'spring'],
      source: 'offline',
    });
  });

  it('uses the wall clock, not the server’s zone: 23:30 on the camera is still that day', () => {
    expect(formatPhotoDay(new Date(Date.UTC(2026, 4, 2, 23, 30)))).toBe('Saturday 2 May 2026');
  });

  it('turns the season round where May is autumn', () => {
    const sydney = { city: 'Sydney', country: 'Australia' };
    expect(describeOffline({ takenAt: may, dateSource: 'exif', place: sydney }).tags).toEqual([
      'sydney',
      'australia',
      'may',
      'autumn',
    ]);
  });

  it('gives no season without a place (the hemisphere is unknown), and no date from the file’s own time', () => {
    expect(describeOffline({ takenAt: may, dateSource: 'file-name', place: null })).toEqual({
      caption: 'Saturday 2 May 2026',
      tags: ['may'],
      source: 'offline',
    });
    expect(describeOffline({ takenAt: may, dateSource: 'file-time', place: lisbon })).toEqual({
      caption: 'Lisbon, Portugal',
      tags: ['lisbon', 'portugal'],
      source: 'offline',
    });
  });

  it('says a screenshot is one, and a page-like look is a document', () => {
    expect(describeOffline({ takenAt: may, dateSource: 'file-name', place: null, screenshot: true })).toEqual(
      {
        caption: 'Screenshot · Saturday 2 May 2026',
        tags: ['screenshot', 'may'],
        source: 'offline',
      },
    );
    expect(describeOffline({ takenAt: null, place: null, look: pageLook() })).toEqual({
      caption: 'Document',
      tags: ['document'],
      source: 'offline',
    });
  });

  it('tags the people a photo shows, by the names the owner gave them first, within five tags', () => {
    const described = describeOffline(
      { takenAt: may, dateSource: 'exif', place: lisbon, people: ['person-1', 'person-2', 'person-3'] },
      ['Ana', 'Rui'],
    );
    expect(described.tags).toEqual(['ana', 'rui', 'people', 'lisbon', 'portugal']);
    expect(described.caption).toBe('Lisbon, Portugal · Saturday 2 May 2026');
  });

  it('says who is there when nothing else is known, and nothing when nothing is', () => {
    expect(describeOffline({ takenAt: null, place: null, people: ['a', 'b'] })).toEqual({
      caption: '2 people',
      tags: ['people'],
      source: 'offline',
    });
    expect(describeOffline({ takenAt: null, place: null, people: ['a'] }).caption).toBe('One person');
    expect(describeOffline({ takenAt: null, place: null })).toEqual({
      caption: null,
      tags: [],
      source: 'offline',
    });
  });

  it('keeps names within the tag limits and drops a name too long to be a tag', () => {
    const described = describeOffline({ takenAt: null, place: null, people: ['a'] }, [
      'Maria da Conceição de Albuquerque e Sousa',
      ' Zé ',
    ]);
    expect(described.tags).toEqual(['zé', 'people']);
  });
});
