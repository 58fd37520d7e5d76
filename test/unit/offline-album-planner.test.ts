import {
  createOfflineAlbumPlanner,
  type OfflineAlbum,
  planOfflineAlbums,
} from '../../lambdas/adapters/offline/offline-album-planner.ts';
import { MAX_ALBUMS_PER_JOB, repairAlbumPlan } from '../../lambdas/core/album-plan.ts';
import type { Place } from '../../lambdas/core/model.ts';
import type { PlannerPhoto } from '../../lambdas/core/ports.ts';

const porto: Place = { city: 'Porto', country: 'Portugal' };
const lisbon: Place = { city: 'Lisbon', country: 'Portugal' };
const faro: Place = { city: 'Faro', country: 'Portugal' };

/** Builds planner photos p1, p2, … from [ISO time or null, place]. */
function photos(...specs: [string | null, Place | null][]): PlannerPhoto[] {
  return specs.map(([iso, place], index) => ({
    ref: `p${index + 1}`,
    image: { bytes: new Uint8Array(), mimeType: 'image/jpeg' },
    takenAt: iso === null ? null : new Date(iso),
    place,
    camera: null,
  }));
}

function refsOf(albums: OfflineAlbum[]): string[][] {
  return albums.map((album) => album.photoIds);
}

function expectEachPlacedOnce(albums: OfflineAlbum[], input: PlannerPhoto[]): void {
  const placed = albums.flatMap((album) => album.photoIds);
  expect([...placed].sort()).toEqual(input.map((photo) => photo.ref).sort());
}

describe('offline album planner', () => {
  it('makes one album of a weekend in Porto, whatever the gaps between its days', () => {
    const input = photos(
      ['2026-05-02T10:00:00Z', porto], // Saturday morning
      ['2026-05-02T21:30:00Z', porto], // Saturday night, 11.5 h later
      ['2026-05-03T09:15:00Z', porto], // Sunday morning
      ['2026-05-03T11:00:00Z', null], // no GPS fix: stays with the event around it
    );
    const albums = planOfflineAlbums(input);
    expect(albums).toEqual([
      {
        title: 'A weekend in Porto',
        description: 'Taken in Porto, Portugal over 2 days, 2 – 3 May 2026.',
        photoIds: ['p1', 'p2', 'p3', 'p4'],
      },
    ]);
  });

  it('names a Friday-to-Sunday stay a weekend and a longer one by its days', () => {
    const weekend = planOfflineAlbums(
      photos(
        ['2026-05-01T18:00:00Z', lisbon],
        ['2026-05-02T12:00:00Z', lisbon],
        ['2026-05-03T12:00:00Z', lisbon],
      ),
    );
    expect(weekend.map((album) => album.title)).toEqual(['A weekend in Lisbon']);
    const midweek = planOfflineAlbums(
      photos(
        ['2026-06-15T10:00:00Z', lisbon],
        ['2026-06-16T10:00:00Z', lisbon],
        ['2026-06-17T20:00:00Z', lisbon],
      ),
    );
    expect(midweek.map((album) => album.title)).toEqual(['Three days in Lisbon']);
    expect(midweek[0]?.description).toBe('Taken in Lisbon, Portugal over 3 days, 15 – 17 June 2026.');
  });

  it('titles a single day by place, or by weekday and part of day', () => {
    const albums = planOfflineAlbums(
      photos(
        ['2026-05-03T08:00:00Z', null],
        ['2026-05-03T11:40:00Z', null],
        ['2026-05-05T14:00:00Z', faro],
        ['2026-05-05T19:00:00Z', faro],
      ),
    );
    expect(albums).toEqual([
      {
        title: 'Sunday morning, 3 May 2026',
        description: 'Taken on Sunday 3 May 2026, between 08:00 and 11:40.',
        photoIds: ['p1', 'p2'],
      },
      {
        title: 'Faro, 5 May 2026',
        description: 'Taken in Faro, Portugal on Tuesday 5 May 2026, between 14:00 and 19:00.',
        photoIds: ['p3', 'p4'],
      },
    ]);
  });

  it('splits events on time gaps over 8 hours', () => {
    const albums = planOfflineAlbums(
      photos(
        ['2026-06-15T09:00:00Z', null],
        ['2026-06-15T10:00:00Z', null],
        ['2026-06-15T19:30:00Z', null], // 9.5 h later
        ['2026-06-15T20:00:00Z', null],
        ['2026-06-16T01:30:00Z', null], // after midnight: still Monday night
      ),
    );
    expect(refsOf(albums)).toEqual([
      ['p1', 'p2'],
      ['p3', 'p4', 'p5'],
    ]);
    expect(albums.map((album) => album.title)).toEqual([
      'Monday morning, 15 June 2026',
      'Monday, 15 June 2026',
    ]);
  });

  it('keeps a chain of photos without gaps together across days, titled by its dates', () => {
    // Every 6 hours from Monday to Wednesday, no place known.
    const times = Array.from({ length: 9 }, (_, index) =>
      new Date(Date.UTC(2026, 5, 15, 10 + index * 6)).toISOString(),
    );
    const albums = planOfflineAlbums(photos(...times.map((time): [string, null] => [time, null])));
    expect(albums.map((album) => album.title)).toEqual(['15 – 17 June 2026']);
  });

  it('splits events where the place changes, even without a time gap', () => {
    const albums = planOfflineAlbums(
      photos(
        ['2026-06-15T09:00:00Z', porto],
        ['2026-06-15T10:00:00Z', porto],
        ['2026-06-15T13:00:00Z', lisbon],
        ['2026-06-15T14:00:00Z', lisbon],
      ),
    );
    expect(albums.map((album) => album.title)).toEqual(['Porto, 15 June 2026', 'Lisbon, 15 June 2026']);
  });

  it('does not join stays in the same town that are days apart, and tells their titles apart', () => {
    const albums = planOfflineAlbums(
      photos(
        ['2026-05-02T10:00:00Z', porto],
        ['2026-05-03T10:00:00Z', porto],
        ['2026-08-01T10:00:00Z', porto],
        ['2026-08-02T10:00:00Z', porto],
      ),
    );
    expect(albums.map((album) => album.title)).toEqual([
      'A weekend in Porto, 2 – 3 May 2026',
      'A weekend in Porto, 1 – 2 August 2026',
    ]);
  });

  it('puts undated photos in "Undated photos", or by town when they have a place', () => {
    const input = photos(
      [null, null],
      ['2026-05-03T10:00:00Z', porto],
      [null, lisbon],
      [null, null],
      [null, lisbon],
    );
    const albums = planOfflineAlbums(input);
    expect(albums).toEqual([
      {
        title: 'Porto, 3 May 2026',
        description: 'Taken in Porto, Portugal on Sunday 3 May 2026, at 10:00.',
        photoIds: ['p2'],
      },
      {
        title: 'Undated photos from Lisbon',
        description: 'Photos from Lisbon, Portugal with no capture date.',
        photoIds: ['p3', 'p5'],
      },
      {
        title: 'Undated photos',
        description:
          'Photos with no date to sort them by: none from the camera, the file name or the file’s time.',
        photoIds: ['p1', 'p4'],
      },
    ]);
  });

  it('makes no one-photo album where a group exists: lone photos join a neighbour, then their month or year', () => {
    const albums = planOfflineAlbums(
      photos(
        ['2026-05-02T10:00:00Z', porto],
        ['2026-05-02T12:00:00Z', porto],
        ['2026-05-03T09:00:00Z', lisbon], // alone, the morning after Porto: joins it
        ['2026-05-12T09:00:00Z', null], // alone in May…
        ['2026-05-20T18:00:00Z', faro], // …with another lone May photo: "May 2026"
        ['2026-07-01T09:00:00Z', null], // alone in July, with one in September: "July – September 2026"
        ['2026-09-09T09:00:00Z', null],
        ['2027-02-02T09:00:00Z', null], // nothing else in 2027: stays alone
      ),
    );
    expect(albums.map((album) => [album.title, album.photoIds])).toEqual([
      ['Weekend of 2 – 3 May 2026', ['p1', 'p2', 'p3']],
      ['May 2026', ['p4', 'p5']],
      ['July – September 2026', ['p6', 'p7']],
      ['Tuesday morning, 2 February 2027', ['p8']],
    ]);
    expect(albums[1]?.description).toBe('Moments in Faro, Portugal from May 2026, each on a day of its own.');
  });

  it('prints a photo’s own date, even in the small hours that group with the evening before', () => {
    const [lone] = planOfflineAlbums(photos(['2019-01-22T03:28:00Z', null]));
    expect(lone).toMatchObject({
      title: 'Tuesday night, 22 January 2019',
      description: 'Taken on Tuesday 22 January 2019, at 03:28.',
    });
    // Either side of 05:00 on one calendar day: one day, not "a weekend over 2 days".
    const [dawn] = planOfflineAlbums(
      photos(['2026-05-03T04:30:00Z', porto], ['2026-05-03T05:30:00Z', porto]),
    );
    expect(dawn).toMatchObject({
      title: 'Porto, 3 May 2026',
      description: 'Taken in Porto, Portugal on Sunday 3 May 2026, between 04:30 and 05:30.',
    });
    const [party] = planOfflineAlbums(photos(['2026-05-02T21:00:00Z', null], ['2026-05-03T01:30:00Z', null]));
    expect(party).toMatchObject({
      title: 'Saturday night, 2 May 2026',
      description: 'Taken from 21:00 on Saturday 2 May 2026 to 01:30 on Sunday 3 May 2026.',
    });
  });

  it('lets a lone photo join an event, but never lets lone photos chain onto each other', () => {
    const lone = Array.from({ length: 8 }, (_, index): [string, Place | null] => [
      new Date(Date.UTC(2026, 4, 1, 20 + index * 20)).toISOString(),
      index % 2 ? lisbon : faro,
    ]);
    const albums = planOfflineAlbums(
      photos(['2026-05-01T09:00:00Z', porto], ['2026-05-01T10:00:00Z', porto], ...lone),
    );
    expectEachPlacedOnce(albums, photos(['', null], ['', null], ...lone));
    // Only the first lone photo, 10 hours after Porto, joins it; the others gather as May's lone days.
    expect(refsOf(albums)).toEqual([
      ['p1', 'p2', 'p3'],
      ['p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10'],
    ]);
  });

  it('keeps every album in time order when the limit joins a month of lone days with its events', () => {
    // Two lone days at the ends of May and 45 two-photo events in between: more than the limit.
    const events = Array.from({ length: 45 }, (_, index) => {
      const day = new Date(Date.UTC(2026, 4, 2, 0) + index * 14 * 3_600_000);
      return [
        [day.toISOString(), porto],
        [new Date(day.getTime() + 3_600_000).toISOString(), porto],
      ] as [string, Place | null][];
    }).flat();
    const input = photos(['2026-05-01T06:00:00Z', lisbon], ...events, ['2026-05-31T22:00:00Z', faro]);
    const albums = planOfflineAlbums(input);
    expectEachPlacedOnce(albums, input);
    expect(albums.length).toBeLessThanOrEqual(MAX_ALBUMS_PER_JOB);
    const time = new Map(input.map((photo) => [photo.ref, photo.takenAt?.getTime() ?? 0]));
    for (const album of albums) {
      const times = album.photoIds.map((ref) => time.get(ref) ?? 0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('keeps screenshots together, apart from the photos, and a place-less photo inside a stay', () => {
    const input = photos(
      ['2026-08-10T17:00:00Z', faro],
      ['2026-08-11T11:00:00Z', faro],
      ['2026-08-11T23:30:00Z', null], // no place, during the stay: it does not cut it in two
      ['2026-08-12T19:00:00Z', faro],
      ['2026-03-05T09:15:00Z', null],
      ['2026-06-01T10:00:00Z', null],
    );
    const capture = (photo: PlannerPhoto): PlannerPhoto => ({ ...photo, screenshot: true });
    input[4] = capture(input[4] as PlannerPhoto);
    input[5] = capture(input[5] as PlannerPhoto);
    expect(planOfflineAlbums(input).map((album) => [album.title, album.photoIds])).toEqual([
      ['Three days in Faro', ['p1', 'p2', 'p3', 'p4']],
      ['Screenshots', ['p5', 'p6']],
    ]);
    // One screenshot alone is just a dated photo.
    expect(planOfflineAlbums([capture(input[4] as PlannerPhoto)]).map((album) => album.title)).toEqual([
      'Thursday morning, 5 March 2026',
    ]);
  });

  it('says "saved" of images whose only date is their file’s time, and "taken" of the others', () => {
    const input = photos(
      ['2026-12-02T02:40:00Z', null],
      ['2026-12-02T02:41:00Z', null],
      ['2026-12-01T10:00:00Z', null],
    );
    const saved = (photo: PlannerPhoto): PlannerPhoto => ({ ...photo, dateSource: 'file-time' });
    const albums = planOfflineAlbums([saved(input[0] as PlannerPhoto), saved(input[1] as PlannerPhoto)]);
    expect(albums).toEqual([
      {
        title: 'Saved on 2 December 2026',
        description: 'Images with no date of their own, saved on 2 December 2026.',
        photoIds: ['p1', 'p2'],
      },
    ]);
    // With a photo taken that night among them, the album is the night's, as usual.
    const mixed = planOfflineAlbums([saved(input[0] as PlannerPhoto), input[1] as PlannerPhoto]);
    expect(mixed[0]?.title).toBe('Wednesday night, 2 December 2026');
  });

  it('treats an invalid date as no date', () => {
    const input = photos(['2026-05-03T10:00:00Z', null]);
    input.push({ ...(input[0] as PlannerPhoto), ref: 'p2', takenAt: new Date(Number.NaN) });
    expect(refsOf(planOfflineAlbums(input))).toEqual([['p1'], ['p2']]);
  });

  it('returns no albums for no photos', () => {
    expect(planOfflineAlbums([])).toEqual([]);
  });

  it('answers like the model does, and the validator finds nothing to repair', async () => {
    const input = mixedBatch(300);
    const answer = await createOfflineAlbumPlanner().plan(input);
    expect(answer.organizer).toBe('offline');
    const plan = repairAlbumPlan(
      answer.raw,
      input.map((photo) => photo.ref),
    );
    expect(plan.repairs).toEqual([]);
    expect(plan.albums.length).toBe((answer.raw as { albums: unknown[] }).albums.length);
  });

  it('places every photo exactly once, with distinct titles', () => {
    const input = mixedBatch(300);
    const albums = planOfflineAlbums(input);
    expectEachPlacedOnce(albums, input);
    expect(new Set(albums.map((album) => album.title)).size).toBe(albums.length);
    for (const album of albums) {
      expect(album.title.length).toBeGreaterThan(0);
      // No photo counts in the text: edits would make them stale.
      expect(album.description).not.toMatch(/\d+ photos?/);
    }
  });

  it('stays within the album limit by joining the closest neighbours', () => {
    // 60 single-photo days, a week apart, plus undated photos in 12 towns.
    const dated = Array.from({ length: 60 }, (_, index): [string, Place | null] => [
      new Date(Date.UTC(2026, 0, 1 + index * 7, 12)).toISOString(),
      null,
    ]);
    const undated = Array.from({ length: 12 }, (_, index): [null, Place] => [
      null,
      { city: `Town ${index}`, country: 'Portugal' },
    ]);
    const input = photos(...dated, ...undated);
    const albums = planOfflineAlbums(input);
    expect(albums.length).toBeLessThanOrEqual(MAX_ALBUMS_PER_JOB);
    expectEachPlacedOnce(albums, input);
    expect(
      repairAlbumPlan(
        { albums },
        input.map((photo) => photo.ref),
      ).repairs,
    ).toEqual([]);
  });

  it('is deterministic, and independent of the time zone the process runs in', () => {
    const input = mixedBatch(200);
    const first = planOfflineAlbums(input);
    expect(planOfflineAlbums(input)).toEqual(first);
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
      expect(planOfflineAlbums(input)).toEqual(first);
      process.env.TZ = 'America/Adak'; // UTC-10, with daylight saving
      expect(planOfflineAlbums(input)).toEqual(first);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

/** A year of trips, days out and undated photos, from a seeded generator. */
function mixedBatch(count: number): PlannerPhoto[] {
  let state = 42;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const places = [porto, lisbon, faro, null];
  const specs: [string | null, Place | null][] = [];
  let time = Date.UTC(2026, 0, 3, 9);
  while (specs.length < count) {
    const place = places[Math.floor(random() * places.length)] ?? null;
    const burst = 1 + Math.floor(random() * 12);
    for (let shot = 0; shot < burst && specs.length < count; shot++) {
      time += Math.floor(random() * 3 * 3_600_000);
      const undated = random() < 0.08;
      specs.push([undated ? null : new Date(time).toISOString(), place]);
    }
    time += Math.floor(random() * 10 * 24 * 3_600_000);
  }
  return photos(...specs);
}

describe('offline album planner: what photos show', () => {
  /** A look (core/look.ts) filled with one value: looks of close values are alike. */
  const look = (value: number, kind: 'photo' | 'page' = 'photo') =>
    kind === 'page'
      ? [...new Array<number>(48).fill(0.9), ...new Array<number>(16).fill(1 / 16), 0.3, 0.5, 0.2, 0.02]
      : [
          ...new Array<number>(48).fill(value),
          ...new Array<number>(16).fill(1 / 16),
          value,
          value,
          value,
          value,
        ];
  const withContent = (
    input: PlannerPhoto[],
    content: Record<string, { people?: string[]; look?: number[] }>,
  ): PlannerPhoto[] => input.map((photo) => ({ ...photo, ...(content[photo.ref] ?? {}) }));

  test('a lone photo showing someone from an event within a week joins it, not a month album', () => {
    const input = withContent(
      photos(
        ['2026-05-02T10:00:00Z', porto],
        ['2026-05-02T11:00:00Z', porto],
        ['2026-05-06T18:00:00Z', lisbon],
        ['2026-05-20T18:00:00Z', lisbon],
        ['2026-05-27T18:00:00Z', lisbon],
      ),
      { p1: { people: ['ana'] }, p3: { people: ['ana'] } },
    );
    const albums = planOfflineAlbums(input);
    expect(refsOf(albums)).toEqual([
      ['p1', 'p2', 'p3'],
      ['p4', 'p5'],
    ]);
    expectEachPlacedOnce(albums, input);
  });

  test('a lone photo that looks nearly the same as an event’s photo joins it; one that does not, does not', () => {
    const input = withContent(
      photos(
        ['2026-05-02T10:00:00Z', porto],
        ['2026-05-02T11:00:00Z', porto],
        ['2026-05-05T18:00:00Z', null],
        ['2026-05-20T18:00:00Z', null],
      ),
      { p1: { look: look(0.2) }, p2: { look: look(0.6) }, p3: { look: look(0.21) }, p4: { look: look(0.8) } },
    );
    expect(refsOf(planOfflineAlbums(input))).toEqual([['p1', 'p2', 'p3'], ['p4']]);
  });

  test('an undated photo of people seen in exactly one album joins it; seen in two, it stays apart', () => {
    const input = withContent(
      photos(
        ['2026-05-02T10:00:00Z', porto],
        ['2026-05-02T11:00:00Z', porto],
        ['2026-06-10T10:00:00Z', faro],
        ['2026-06-10T11:00:00Z', faro],
        [null, null],
        [null, null],
        [null, null],
      ),
      {
        p1: { people: ['ana'] },
        p3: { people: ['rui'] },
        p4: { people: ['ana'] },
        p5: { people: ['rui'] },
        p6: { people: ['ana'] },
      },
    );
    const albums = planOfflineAlbums(input);
    expect(refsOf(albums)).toEqual([
      ['p1', 'p2'],
      ['p3', 'p4', 'p5'],
      ['p6', 'p7'],
    ]);
    expect(albums[2]?.title).toBe('Undated photos');
  });

  test('undated photos of the same people make "People"; pages make "Documents and notes"', () => {
    const input = withContent(photos(...Array.from({ length: 7 }, (): [null, null] => [null, null])), {
      p1: { people: ['ana', 'rui'] },
      p2: { people: ['rui'] },
      p3: { people: ['eva'] },
      p4: { look: look(0, 'page') },
      p5: { look: look(0, 'page') },
      p6: { look: look(0.5) },
      p7: { look: look(0.9) },
    });
    const albums = planOfflineAlbums(input);
    expect(albums.map((album) => [album.title, album.photoIds])).toEqual([
      ['People', ['p1', 'p2']],
      ['Documents and notes', ['p4', 'p5']],
      ['Undated photos', ['p3', 'p6', 'p7']],
    ]);
  });

  test('a pile of eight or more undated photos is split into the sets that look alike', () => {
    // Each its own colour but p1 and p2, which share one.
    const colours = [0, 0, 1, 2, 3, 4, 5, 6];
    const colour = (bin: number) => [
      ...new Array<number>(48).fill(0.5),
      ...Array.from({ length: 16 }, (_, index) => (index === bin ? 1 : 0)),
      0.5,
      0.5,
      0.5,
      0.5,
    ];
    const input = withContent(
      photos(...colours.map((): [null, null] => [null, null])),
      Object.fromEntries(colours.map((bin, index) => [`p${index + 1}`, { look: colour(bin) }])),
    );
    expect(planOfflineAlbums(input).map((album) => [album.title, album.photoIds])).toEqual([
      ['Undated photos that look alike', ['p1', 'p2']],
      ['Undated photos', ['p3', 'p4', 'p5', 'p6', 'p7', 'p8']],
    ]);
  });

  test('a handful of undated photos stays one album even when two look alike', () => {
    const input = withContent(photos([null, null], [null, null], [null, null]), {
      p1: { look: look(0.3) },
      p2: { look: look(0.32) },
      p3: { look: look(0.9) },
    });
    expect(planOfflineAlbums(input).map((album) => [album.title, album.photoIds])).toEqual([
      ['Undated photos', ['p1', 'p2', 'p3']],
    ]);
  });

  test('many undated pairs of people take a few albums, never the dated events’ share of the limit', () => {
    const events = Array.from({ length: 20 }, (_, index): [string, Place][] => [
      [
        `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + index).padStart(2, '0')}T10:00:00Z`,
        porto,
      ],
      [
        `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + index).padStart(2, '0')}T11:00:00Z`,
        porto,
      ],
    ]).flat();
    const pairs = Array.from({ length: 400 }, (): [null, null] => [null, null]);
    const input = photos(...events, ...pairs).map((photo, index) =>
      index < events.length
        ? photo
        : { ...photo, people: [`person-${Math.floor((index - events.length) / 2)}`] },
    );
    const albums = planOfflineAlbums(input);
    expect(albums.filter((album) => album.title.startsWith('People'))).toHaveLength(5);
    expect(albums.length).toBeLessThanOrEqual(MAX_ALBUMS_PER_JOB);
    // Every dated event stays its own album.
    expect(
      albums.filter((album) => album.photoIds.every((ref) => Number(ref.slice(1)) <= events.length)),
    ).toHaveLength(20);
    expectEachPlacedOnce(albums, input);
  });

  test('with content, the plan is still deterministic', () => {
    const input = mixedBatch(300).map((photo, index) => ({
      ...photo,
      people: index % 7 === 0 ? [`person-${index % 3}`] : [],
      look: look((index % 10) / 10),
    }));
    expect(planOfflineAlbums(input)).toEqual(planOfflineAlbums(input));
    expectEachPlacedOnce(planOfflineAlbums(input), input);
  });
});
