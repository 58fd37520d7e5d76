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

  it('says nothing that comes from faces: a photo showing people is described as one showing nobody', () => {
    // What the worker hands over (a PlannerPhoto) carries the people it shows; none of it may reach a
    // stored description, which would outlive turning recognition off or hiding a person.
    const withPeople = {
      takenAt: may,
      dateSource: 'exif' as const,
      place: lisbon,
      people: ['person-1', 'person-2'],
    };
    expect(describeOffline(withPeople)).toEqual(
      describeOffline({ takenAt: may, dateSource: 'exif', place: lisbon }),
    );
    const onlyPeople = { takenAt: null, place: null, people: ['a', 'b'] };
    expect(describeOffline(onlyPeople)).toEqual({ caption: null, tags: [], source: 'offline' });
  });
});
