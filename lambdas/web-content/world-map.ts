/**
 * The outlines behind the web app's Map screen (web/js/map-view.js): Natural Earth's 1:110m land and
 * country borders, as the `world-atlas` npm package ships them (TopoJSON, ISC; the data is public
 * domain), projected ONCE with d3-geo's Natural Earth projection into compact SVG path data.
 *
 * Both runtimes serve the result at WORLD_MAP_PATH from the site's own origin: the deployment uploads it
 * with the web files (lib/constructs/website.ts) and the local runtime answers it from memory. So the
 * browser loads ~30 KB (~11 KB gzipped) of ready path data instead of a topology, a TopoJSON decoder
 * and a projection library, nothing geographic is committed to the repository, and no map tile or
 * third-party map service is ever called. The browser places photo markers with the same projection's
 * formula (web/js/map-layout.js) and the scale and translation published here.
 *
 * Build-time only: imported by the CDK app and the local runtime, never by a Lambda.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type GeoPermissibleObjects, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Where the web app fetches the outlines (same origin). */
export const WORLD_MAP_PATH = '/map/world.json';

/** Where the data comes from, as the README and the map screen credit it. */
export const WORLD_MAP_SOURCE = 'Natural Earth 1:110m (public domain), from the world-atlas npm package';

/**
 * The map's width in SVG user units. Paths are written in whole units: at 1,920 wide one unit is a
 * pixel of a full-HD screen, finer than the 1:110m data itself, and the file stays ~30 KB.
 */
const WIDTH = 1920;

export interface WorldMap {
  source: string;
  /** d3-geo's geoNaturalEarth1: x = translate[0] + scale·X(λ, φ), y = translate[1] − scale·Y(λ, φ). */
  projection: 'naturalEarth1';
  width: number;
  height: number;
  scale: number;
  translate: [number, number];
  /** SVG path data: the globe's outline (the sea), the land, and the borders between countries. */
  sphere: string;
  land: string;
  borders: string;
}

let built: WorldMap | undefined;

/** The projected outlines; built on first use (~0.1 s) and kept for the life of the process. */
export function worldMap(): WorldMap {
  built ??= buildWorldMap();
  return built;
}

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

function buildWorldMap(): WorldMap {
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
  ) as Countries;
  const projection = geoNaturalEarth1().fitWidth(WIDTH, { type: 'Sphere' });
  const [tx, ty] = projection.translate();
  const draw = (object: GeoPermissibleObjects) => {
    const context = new RelativePath();
    geoPath(projection, context)(object);
    return context.toString();
  };
  return {
    source: WORLD_MAP_SOURCE,
    projection: 'naturalEarth1',
    width: WIDTH,
    height: Math.ceil(2 * ty),
    scale: projection.scale(),
    translate: [tx, ty],
    sphere: draw({ type: 'Sphere' }),
    land: draw(feature(topology, topology.objects.land)),
    // A mesh of arcs shared by two countries: each border once, and no coastlines drawn twice.
    borders: draw(mesh(topology, topology.objects.countries, (a, b) => a !== b)),
  };
}

/**
 * A d3-geo path context that writes SVG path data in whole units with relative moves ("m dx dy dx dy
 * … z"), the most compact form: about a third of d3's default absolute output with one decimal.
 * Points that round onto the previous one are skipped, and so is a ring or line left with one point.
 */
export class RelativePath {
  private readonly parts: string[] = [];
  /** The last point written: the next relative step starts from it. */
  private x = 0;
  private y = 0;
  /** The open ring or line: where it starts, where the pen was before it, its text's index, its points. */
  private open: {
    x: number;
    y: number;
    beforeX: number;
    beforeY: number;
    at: number;
    points: number;
  } | null = null;

  moveTo(x: number, y: number): void {
    this.endOpen();
    const before = { beforeX: this.x, beforeY: this.y, at: this.parts.length };
    this.step('m', x, y);
    this.open = { x: this.x, y: this.y, ...before, points: 1 };
  }

  lineTo(x: number, y: number): void {
    if (this.open && this.step(' ', x, y)) this.open.points++;
  }

  closePath(): void {
    const ring = this.open;
    if (!ring || ring.points < 2) {
      this.endOpen();
      return;
    }
    this.parts.push('z');
    // After "z" SVG continues from the ring's first point, and so must the next relative step.
    this.x = ring.x;
    this.y = ring.y;
    this.open = null;
  }

  arc(): void {
    // Only point geometries draw arcs; the map has none.
  }

  beginPath(): void {
    // Part of the canvas-like interface; geoPath does not call it for the shapes drawn here.
  }

  toString(): string {
    this.endOpen();
    return this.parts.join('');
  }

  /** Writes a relative step to (x, y) rounded; false when it rounds onto the current point. */
  private step(command: 'm' | ' ', x: number, y: number): boolean {
    const rx = Math.round(x);
    const ry = Math.round(y);
    if (command === ' ' && rx === this.x && ry === this.y) return false;
    // `+ 0` writes -0 as 0; a minus sign separates numbers by itself, so it needs no space before it.
    const dx = rx - this.x + 0;
    const dy = ry - this.y + 0;
    this.parts.push(`${command}${dx}${dy < 0 ? '' : ' '}${dy}`.replace(' -', '-'));
    this.x = rx;
    this.y = ry;
    return true;
  }

  /** Ends the open ring or line, dropping it when it has one point (nothing to draw). */
  private endOpen(): void {
    const line = this.open;
    this.open = null;
    if (!line || line.points >= 2) return;
    this.parts.length = line.at;
    this.x = line.beforeX;
    this.y = line.beforeY;
  }
}
