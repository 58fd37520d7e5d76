/**
 * The world map's outlines (lambdas/web-content/world-map.ts): the compact relative path data reads
 * back as the shapes d3-geo drew — land where there is land, sea where there is sea — and stays
 * small enough to send whole.
 */
import { gzipSync } from 'node:zlib';
import { geoNaturalEarth1 } from 'd3-geo';
import { RelativePath, worldMap } from '../../lambdas/web-content/world-map.ts';

/** Reads path data made of m, implicit line-tos and z back into rings of absolute points. */
function rings(data: string): [number, number][][] {
  const result: [number, number][][] = [];
  let x = 0;
  let y = 0;
  let start: [number, number] = [0, 0];
  for (const [, command, numbers] of data.matchAll(/([mz])([^mz]*)/g)) {
    if (command === 'z') {
      [x, y] = start;
      continue;
    }
    const values = (numbers as string).match(/-?\d+/g)?.map(Number) ?? [];
    const ring: [number, number][] = [];
    for (let index = 0; index < values.length; index += 2) {
      x += values[index] as number;
      y += values[index + 1] as number;
      ring.push([x, y]);
    }
    start = ring[0] as [number, number];
    result.push(ring);
  }
  return result;
}

/** Even-odd rule over every ring, as SVG's nonzero would agree for non-overlapping land polygons. */
function inside(point: [number, number], shapes: [number, number][][]): boolean {
  let crossings = 0;
  for (const ring of shapes) {
    for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
      const [xi, yi] = ring[index] as [number, number];
      const [xj, yj] = ring[previous] as [number, number];
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) {
        crossings++;
      }
    }
  }
  return crossings % 2 === 1;
}

describe('RelativePath', () => {
  it('writes whole-unit relative steps, with a minus sign as the only separator it needs', () => {
    const path = new RelativePath();
    path.moveTo(10.4, 20.6);
    path.lineTo(13, 18);
    path.lineTo(13.2, 17.9);
    path.lineTo(8, 25);
    path.closePath();
    expect(path.toString()).toBe('m10 21 3-3-5 7z');
  });

  it('continues after "z" from the ring’s first point, as SVG does', () => {
    const path = new RelativePath();
    path.moveTo(10, 10);
    path.lineTo(20, 10);
    path.lineTo(20, 20);
    path.closePath();
    path.moveTo(30, 30);
    path.lineTo(31, 31);
    expect(path.toString()).toBe('m10 10 10 0 0 10zm20 20 1 1');
    expect(rings(path.toString())[1]).toEqual([
      [30, 30],
      [31, 31],
    ]);
  });

  it('drops a ring or line that rounds down to one point, and the next step starts where the pen was', () => {
    const path = new RelativePath();
    path.moveTo(5, 5);
    path.lineTo(6, 5);
    path.moveTo(100.2, 100.2);
    path.lineTo(99.9, 100.1);
    path.closePath();
    path.moveTo(7, 7);
    path.lineTo(7, 9);
    expect(path.toString()).toBe('m5 5 1 0m1 2 0 2');
  });
});

describe('worldMap', () => {
  const map = worldMap();
  const projection = geoNaturalEarth1().scale(map.scale).translate(map.translate);
  const at = (longitude: number, latitude: number) => projection([longitude, latitude]) as [number, number];
  const land = rings(map.land);

  it('publishes the projection it drew with, over the whole map', () => {
    expect(map.projection).toBe('naturalEarth1');
    expect(map.width).toBe(1920);
    expect(map.height).toBeGreaterThan(990);
    expect(at(0, 0)).toEqual([map.width / 2, map.translate[1]]);
    const all = [...land.flat(), ...rings(map.borders).flat(), ...rings(map.sphere).flat()];
    for (const [x, y] of all) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(map.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(map.height);
    }
  });

  it.each([
    ['Porto', -8.61, 41.15],
    ['Madrid', -3.7, 40.42],
    ['Nairobi', 36.82, -1.29],
    ['Tokyo', 139.77, 35.68],
    ['São Paulo', -46.63, -23.55],
    ['Denver', -104.99, 39.74],
    ['Alice Springs', 133.87, -23.7],
  ])('puts %s on land', (_name, longitude, latitude) => {
    expect(inside(at(longitude, latitude), land)).toBe(true);
  });

  it.each([
    ['the middle of the Atlantic', -35, 30],
    ['the Pacific', -150, 0],
    ['the Indian Ocean', 80, -30],
    ['the Mediterranean', 18, 34.5],
  ])('leaves %s as sea', (_name, longitude, latitude) => {
    expect(inside(at(longitude, latitude), land)).toBe(false);
  });

  it('stays small enough to send whole (the map screen loads it on demand)', () => {
    const gzipped = gzipSync(JSON.stringify(map)).length;
    expect(gzipped).toBeLessThan(16 * 1024);
  });

  it('is built once per process', () => {
    expect(worldMap()).toBe(map);
  });
});
