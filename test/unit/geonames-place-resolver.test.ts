import { createGeonamesPlaceResolver } from '../../lambdas/adapters/offline/geonames-place-resolver.ts';

const resolver = createGeonamesPlaceResolver();

describe('GeoNames place resolver', () => {
  it('finds Porto at its centre', () => {
    expect(resolver.resolve(41.1496, -8.6109)).toEqual({ city: 'Porto', country: 'Portugal' });
  });

  it('returns null in the middle of the Atlantic', () => {
    expect(resolver.resolve(35, -40)).toBeNull();
    expect(resolver.resolve(0, 0)).toBeNull();
  });

  it('names the city people would name for a suburb, and lets a real town keep its photos', () => {
    // The port cellars sit in Vila Nova de Gaia, across the river, 1.4 km from Porto's centre.
    expect(resolver.resolve(41.1375, -8.613)?.city).toBe('Porto');
    expect(resolver.resolve(41.182, -8.689)?.city).toBe('Matosinhos');
    expect(resolver.resolve(38.9627, -9.4173)?.city).toBe('Ericeira');
  });

  it('gives English country names', () => {
    expect(resolver.resolve(35.6586, 139.7454)).toEqual({ city: 'Tokyo', country: 'Japan' });
    expect(resolver.resolve(51.5007, -0.1246)).toEqual({ city: 'London', country: 'United Kingdom' });
    expect(resolver.resolve(42.6629, 21.1655)?.country).toBe('Kosovo');
  });

  it('looks across the antimeridian', () => {
    // Egvekinot (Chukotka) lies at 179.12° W; this point is at 179.8° E, about 40 km away.
    expect(resolver.resolve(66.3, 179.8)).toEqual({ city: 'Egvekinot', country: 'Russia' });
    // And the other way: Beringovskiy lies at 179.35° E; this point is at 179.95° W, about 35 km away.
    expect(resolver.resolve(63.06, -179.95)).toEqual({ city: 'Beringovskiy', country: 'Russia' });
  });

  it('returns null for impossible coordinates and at the poles', () => {
    expect(resolver.resolve(Number.NaN, 10)).toBeNull();
    expect(resolver.resolve(95, 10)).toBeNull();
    expect(resolver.resolve(10, 181)).toBeNull();
    expect(resolver.resolve(90, 0)).toBeNull();
    expect(resolver.resolve(-90, 0)).toBeNull();
  });

  it('honours a smaller range', () => {
    const strict = createGeonamesPlaceResolver({ maxDistanceKm: 1 });
    // 5 km out to sea off Porto: 50 km finds Porto, 1 km finds nothing.
    expect(resolver.resolve(41.15, -8.73)?.city).toBe('Porto');
    expect(strict.resolve(41.15, -8.73)).toBeNull();
  });

  it('answers a lookup in well under a millisecond once loaded', () => {
    resolver.resolve(0, 0);
    const lookups = 20_000;
    const started = performance.now();
    for (let index = 0; index < lookups; index++)
      resolver.resolve(36 + (index % 100) * 0.2, -9 + (index % 37) * 0.8);
    const microseconds = ((performance.now() - started) * 1000) / lookups;
    console.info(`place lookup: ${microseconds.toFixed(1)} µs`);
    expect(microseconds).toBeLessThan(100);
  });
});
