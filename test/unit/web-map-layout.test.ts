/**
 * The Map screen's arithmetic (web/js/map-layout.js): markers land where d3-geo drew the outlines,
 * overlapping markers merge (and part again when zoomed in), the view stays on the map, and a place
 * opens its search.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { geoNaturalEarth1 } from 'd3-geo';
import fc from 'fast-check';
import { worldMap } from '../../lambdas/web-content/world-map.ts';
import { WEB_ROOT } from '../../scripts/web-size.ts';

/** The web modules are plain JavaScript without types: loaded by URL, they come back untyped. */
const layout = (): Promise<any> => import(pathToFileURL(join(WEB_ROOT, 'js', 'map-layout.js')).href);

describe('projector', () => {
  it('puts every place where the served outlines’ projection (d3-geo) puts it', async () => {
    const { projector } = await layout();
    const map = worldMap();
    const project = projector(map);
    const d3 = geoNaturalEarth1().scale(map.scale).translate(map.translate);
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        (longitude, latitude) => {
          const [x, y] = project(longitude, latitude);
          const [ex, ey] = d3([longitude, latitude]) as [number, number];
          expect(Math.abs(x - ex)).toBeLessThan(1e-6);
          expect(Math.abs(y - ey)).toBeLessThan(1e-6);
        },
      ),
    );
  });
});

describe('clusterPoints', () => {
  const point = (name: string, x: number, y: number, count: number) => ({ name, x, y, count });

  it('merges markers closer than the gap into the busiest one, which keeps its place', async () => {
    const { clusterPoints } = await layout();
    const porto = point('Porto', 100, 100, 3);
    const braga = point('Braga', 110, 95, 1);
    const lisbon = point('Lisbon', 130, 100, 5);
    const tokyo = point('Tokyo', 900, 200, 2);
    const clusters = clusterPoints([porto, braga, lisbon, tokyo], 36);
    expect(clusters.map((cluster: any) => [cluster.x, cluster.y, cluster.count])).toEqual([
      [130, 100, 9],
      [900, 200, 2],
    ]);
    expect(clusters[0].members.map((member: any) => member.name)).toEqual(['Lisbon', 'Porto', 'Braga']);
  });

  it('counts every photo exactly once and leaves no two groups within the gap of each other’s leader', async () => {
    const { clusterPoints } = await layout();
    const places = fc.array(
      fc.record({
        x: fc.integer({ min: 0, max: 1000 }),
        y: fc.integer({ min: 0, max: 500 }),
        count: fc.integer({ min: 1, max: 50 }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(places, (points) => {
        const clusters = clusterPoints(points, 36);
        const total = (list: { count: number }[]) => list.reduce((sum, item) => sum + item.count, 0);
        expect(total(clusters)).toBe(total(points));
        expect(clusters.flatMap((cluster: any) => cluster.members)).toHaveLength(points.length);
        for (const a of clusters)
          for (const b of clusters)
            if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(36);
      }),
    );
  });
});

describe('zoomToSeparate', () => {
  it('doubles the zoom just until the places part, or gives up at the limit', async () => {
    const { zoomToSeparate } = await layout();
    // 10 units apart at 0.5 px a unit: 5 px at zoom 1, 40 px (apart) at zoom 8.
    const pair = [
      { x: 100, y: 100, count: 2 },
      { x: 110, y: 100, count: 1 },
    ];
    const options = { zoom: 1, maxZoom: 64, pixelsPerUnit: 0.5, gap: 36 };
    expect(zoomToSeparate(pair, options)).toBe(8);
    expect(zoomToSeparate(pair, { ...options, zoom: 2 })).toBe(8);
    expect(zoomToSeparate(pair, { ...options, maxZoom: 4 })).toBeNull();
    const sameSpot = [
      { x: 100, y: 100, count: 2 },
      { x: 100.01, y: 100, count: 1 },
    ];
    expect(zoomToSeparate(sameSpot, options)).toBeNull();
  });
});

describe('viewport', () => {
  const map = { width: 1920, height: 1000 };

  it('shows the whole map at zoom 1 and slides a zoomed view back inside the edges', async () => {
    const { viewport } = await layout();
    expect(viewport(map, { zoom: 1, cx: 0, cy: 0 })).toEqual({ x: 0, y: 0, width: 1920, height: 1000 });
    expect(viewport(map, { zoom: 4, cx: 960, cy: 500 })).toEqual({ x: 720, y: 375, width: 480, height: 250 });
    expect(viewport(map, { zoom: 4, cx: 0, cy: 1000 })).toEqual({ x: 0, y: 750, width: 480, height: 250 });
    expect(viewport(map, { zoom: 4, cx: 5000, cy: -50 })).toEqual({ x: 1440, y: 0, width: 480, height: 250 });
  });
});

describe('places', () => {
  it('opens the search for one town, and for a whole country when the town is unknown', async () => {
    const { placeName, placeSearchHash } = await layout();
    const place = { country: 'Portugal', town: 'Vila Nova de Gaia', count: 2 };
    expect(placeName(place)).toBe('Vila Nova de Gaia, Portugal');
    expect(placeSearchHash(place)).toBe('#/search?country=Portugal&town=Vila+Nova+de+Gaia');
    const params = new URLSearchParams(
      placeSearchHash({ country: 'Côte d’Ivoire', town: 'A&B=C' }).split('?')[1],
    );
    expect([params.get('country'), params.get('town')]).toEqual(['Côte d’Ivoire', 'A&B=C']);
    expect(placeSearchHash({ country: 'Portugal', town: '' })).toBe('#/search?country=Portugal');
    expect(placeName({ country: 'Portugal', town: '' })).toBe('Portugal');
  });
});
