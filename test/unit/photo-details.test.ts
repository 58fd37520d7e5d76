/** The location kept for a photo: its GPS fix rounded to three decimals (about 100 m), or nothing. */
import { coarseLocation, LOCATION_DECIMALS } from '../../lambdas/core/photo-details.ts';

describe('coarseLocation', () => {
  it('rounds each coordinate to three decimals, about 100 m', () => {
    expect(LOCATION_DECIMALS).toBe(3);
    expect(coarseLocation(41.149637666, -8.610944444)).toEqual({ latitude: 41.15, longitude: -8.611 });
    expect(coarseLocation(-33.856784, 151.215297)).toEqual({ latitude: -33.857, longitude: 151.215 });
    const { latitude, longitude } = coarseLocation(12.3456789, 98.7654321) ?? { latitude: 0, longitude: 0 };
    expect(String(latitude)).toBe('12.346');
    expect(String(longitude)).toBe('98.765');
  });

  it('never says more than three decimals, whatever the fix', () => {
    for (let i = 0; i < 1000; i++) {
      const location = coarseLocation(Math.random() * 180 - 90, Math.random() * 360 - 180);
      if (!location) throw new Error('a fix on Earth must give a location');
      for (const value of [location.latitude, location.longitude])
        expect(String(value)).toMatch(/^-?\d{1,3}(\.\d{1,3})?$/);
    }
  });

  it('stores a fix just west of Greenwich or south of the equator as 0, not -0', () => {
    const location = coarseLocation(-0.0001, -0.0004);
    expect(Object.is(location?.latitude, 0)).toBe(true);
    expect(Object.is(location?.longitude, 0)).toBe(true);
    expect(JSON.stringify(location)).toBe('{"latitude":0,"longitude":0}');
  });

  it('keeps the poles and the antimeridian', () => {
    expect(coarseLocation(90, 180)).toEqual({ latitude: 90, longitude: 180 });
    expect(coarseLocation(-90, -180)).toEqual({ latitude: -90, longitude: -180 });
    expect(coarseLocation(89.9999, -179.9999)).toEqual({ latitude: 90, longitude: -180 });
  });

  it('is null for a fix that is no place on Earth', () => {
    expect(coarseLocation(90.01, 0)).toBeNull();
    expect(coarseLocation(-91, 0)).toBeNull();
    expect(coarseLocation(0, 180.5)).toBeNull();
    expect(coarseLocation(0, -181)).toBeNull();
    expect(coarseLocation(Number.NaN, 10)).toBeNull();
    expect(coarseLocation(10, Number.NaN)).toBeNull();
    expect(coarseLocation(Number.POSITIVE_INFINITY, 0)).toBeNull();
    expect(coarseLocation(0, Number.NEGATIVE_INFINITY)).toBeNull();
  });
});
