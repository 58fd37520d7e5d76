/**
 * A realistic library to search, written straight into the database as ingest, the organizing call and
 * the people grouping would leave it: 10,000 photos over five years with a caption and tags each, a town
 * (accented names among them) with its rounded location, a camera, a camera-style file name; albums of
 * consecutive photos with a title and a description; people seen in some photos. Deterministic (a
 * seeded generator), so every run searches the same library.
 */
import { randomUUID } from 'node:crypto';
import { type InsertObject, type Kysely, sql } from 'kysely';
import type { HttpDependencies } from '../../lambdas/composition/routes.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';
import { writePerson } from '../../test/support/search-library.ts';

/** The database's types, as the composition hands the database out (bench code reads no adapter). */
type Database = HttpDependencies['db'] extends Kysely<infer D> ? D : never;

const PLACES = [
  ['Lisbon', 'Portugal', 38.722, -9.139],
  ['Porto', 'Portugal', 41.15, -8.611],
  ['Guimarães', 'Portugal', 41.442, -8.296],
  ['São Paulo', 'Brazil', -23.55, -46.633],
  ['Zürich', 'Switzerland', 47.377, 8.54],
  ['Genève', 'Switzerland', 46.204, 6.143],
  ['Kraków', 'Poland', 50.065, 19.945],
  ['Reykjavík', 'Iceland', 64.147, -21.942],
  ['Malmö', 'Sweden', 55.605, 13.004],
  ['Montréal', 'Canada', 45.509, -73.588],
  ['Córdoba', 'Spain', 37.888, -4.779],
  ['Barcelona', 'Spain', 41.389, 2.159],
  ['Düsseldorf', 'Germany', 51.227, 6.774],
  ['Berlin', 'Germany', 52.52, 13.405],
  ['Besançon', 'France', 47.238, 6.024],
  ['Paris', 'France', 48.857, 2.352],
  ['Kyoto', 'Japan', 35.012, 135.768],
  ['Cape Town', 'South Africa', -33.925, 18.424],
  ['Oaxaca', 'Mexico', 17.073, -96.726],
  ['Edinburgh', 'United Kingdom', 55.953, -3.188],
] as const;

const CAMERAS = [
  ['Apple', 'iPhone 15 Pro'],
  ['Apple', 'iPhone 12'],
  ['Google', 'Pixel 8'],
  ['samsung', 'SM-S918B'],
  ['Canon', 'EOS R5'],
  ['Canon', 'EOS 80D'],
  ['FUJIFILM', 'X100V'],
  ['SONY', 'ILCE-7M3'],
  ['NIKON CORPORATION', 'NIKON Z 6'],
] as const;

const SUBJECTS = [
  'Sunset',
  'Kids playing',
  'A dog running',
  'Grandma laughing',
  'Fresh bread',
  'Old tram',
  'Street musicians',
  'Birthday cake',
  'Boats',
  'A quiet café',
  'Snowy peaks',
  'Fireworks',
  'Picnic blanket',
  'Market stalls',
  'A cat asleep',
  'Cyclists',
  'Lanterns',
  'Wedding toast',
];
const WHERE = [
  'over the harbour',
  'on the beach',
  'in the old town',
  'by the river',
  'at the market',
  'in the garden',
  'under the bridge',
  'near the cathedral',
  'in the mountains',
  'at dusk',
  'in the rain',
  'on the terrace',
];
const TAGS = [
  'beach',
  'sea',
  'family',
  'food',
  'dog',
  'cat',
  'city',
  'night',
  'mountains',
  'snow',
  'party',
  'street',
  'architecture',
  'friends',
  'sunset',
  'river',
  'garden',
  'travel',
  'portrait',
  'music',
];
const ALBUM_TITLES = [
  'Summer in',
  'A weekend in',
  'Winter days in',
  'Spring walks in',
  'Family trip to',
  'Autumn light in',
];
const ALBUM_DESCRIPTIONS = [
  'Beach days, long lunches and the sea at dusk.',
  'Old streets, trams and too much coffee.',
  'Cold mornings, warm kitchens and snow on the roofs.',
  'Birthdays, cake and everyone together.',
  'Markets, music and late dinners with friends.',
];

/** A seeded generator (mulberry32): the same library on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, pick };
}

export interface SeededSearchLibrary {
  photos: number;
  albums: number;
  /** A person of the owner with photos, and an album: what the filter queries name. */
  personId: string;
  albumId: string;
}

/**
 * Writes `count` photos for `ownerId`, newest about now, one every few hours back over five years;
 * consecutive runs of 20–80 photos (about 70 % of them) form albums, each in one town.
 */
export async function seedSearchLibrary(
  db: HttpDependencies['db'],
  ownerId: string,
  count: number,
  seed = 18,
): Promise<SeededSearchLibrary> {
  const random = generator(seed);
  const start = Date.UTC(2021, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  const rows: InsertObject<Database, 'images'>[] = [];
  const runs: { ids: string[]; town: string }[] = [];
  let run: { ids: string[]; town: string; left: number; place: (typeof PLACES)[number] } | null = null;
  for (let index = 0; index < count; index++) {
    if (!run || run.left === 0) {
      if (run && random.next() < 0.7) runs.push({ ids: run.ids, town: run.town });
      const place = random.pick(PLACES);
      run = { ids: [], town: place[0], left: 20 + Math.floor(random.next() * 60), place };
    }
    run.left--;
    const id = randomUUID();
    run.ids.push(id);
    const [make, model] = random.pick(CAMERAS);
    const taken = new Date(start + Math.floor((index / count) * span) + Math.floor(random.next() * 3600_000));
    const dated = random.next() > 0.05;
    const tags = [...new Set([random.pick(TAGS), random.pick(TAGS), random.pick(TAGS)])];
    const number = String(1000 + index).padStart(4, '0');
    const fileName =
      make === 'Apple'
        ? `IMG_${number}.HEIC`
        : make === 'Google'
          ? `PXL_${taken.toISOString().slice(0, 10).replaceAll('-', '')}_${number}.jpg`
          : `DSC_${number}.JPG`;
    rows.push({
      id,
      owner_id: ownerId,
      storage_key: originalKey(ownerId, id, 'image/jpeg'),
      preview_key: `users/${ownerId}/photos/${id}/preview.jpg`,
      thumbnail_key: `users/${ownerId}/photos/${id}/thumbnail.jpg`,
      model_key: null,
      original_filename: fileName,
      content_type: 'image/jpeg',
      size_bytes: 3_500_000,
      width: 4000,
      height: 3000,
      taken_at: dated ? taken : null,
      taken_at_source: dated ? 'exif' : null,
      place_city: run.place[0],
      place_country: run.place[1],
      status: 'ready',
      rejection_reason: null,
      camera: `${make} ${model}`,
      sha256: null,
      perceptual_hash: null,
      ingested_at: taken,
      file_modified_at: null,
      look: null,
      trashed_at: random.next() < 0.02 ? new Date() : null,
      declared_sha256: null,
      caption: `${random.pick(SUBJECTS)} ${random.pick(WHERE)}`,
      tags,
      description_source: 'model',
      details_read: true,
      camera_make: make,
      camera_model: model,
      lens: null,
      exposure_seconds: null,
      f_number: null,
      iso: null,
      focal_length_mm: null,
      latitude: run.place[2],
      longitude: run.place[3],
      created_at: new Date(Date.UTC(2026, 0, 2) + index * 1000),
      updated_at: new Date(),
    });
  }
  if (run && run.ids.length > 0) runs.push({ ids: run.ids, town: run.town });
  for (let offset = 0; offset < rows.length; offset += 1000) {
    await db
      .insertInto('images')
      .values(rows.slice(offset, offset + 1000))
      .execute();
  }

  const albumIds: string[] = [];
  for (const [index, { ids, town }] of runs.entries()) {
    const albumId = randomUUID();
    albumIds.push(albumId);
    await db
      .insertInto('albums')
      .values({
        id: albumId,
        owner_id: ownerId,
        title: `${random.pick(ALBUM_TITLES)} ${town}`,
        theme_description: random.pick(ALBUM_DESCRIPTIONS),
        cover_image_id: ids[0] ?? null,
        created_at: new Date(Date.UTC(2026, 0, 3) + index * 1000),
      })
      .execute();
    await db
      .insertInto('album_images')
      .values(ids.map((imageId, order) => ({ album_id: albumId, image_id: imageId, display_order: order })))
      .execute();
  }

  // Fifteen people, each in about 2 % of the photos.
  let personId = '';
  for (let person = 0; person < 15; person++) {
    const seen = rows.filter(() => random.next() < 0.02).map((row) => row.id as string);
    const id = await writePerson(db, ownerId, { name: `Person ${person + 1}`, imageIds: seen });
    if (person === 0) personId = id;
  }
  // As autovacuum leaves a library that grew over years: fresh statistics, and the GIN indexes' pending
  // lists merged (10,000 rows just inserted sit in them, and the planner then prices the GIN index so
  // high that it scans every photo for a rare word: 42 ms instead of 0.3 ms, measured).
  await sql`vacuum analyze images`.execute(db);
  await sql`vacuum analyze albums`.execute(db);
  await sql`analyze`.execute(db);
  return { photos: count, albums: albumIds.length, personId, albumId: albumIds[0] as string };
}
