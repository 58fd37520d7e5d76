import { choosePhotoDate, dateFromFileName, fileModifiedWallClock } from '../../lambdas/core/photo-date.ts';

const iso = (date: Date | null) => date?.toISOString().slice(0, 19) ?? null;

describe('dateFromFileName', () => {
  it.each([
    ['IMG_20200827_231612.jpg', '2020-08-27T23:16:12', 'Android camera'],
    ['IMG_20200827_231612_123.jpg', '2020-08-27T23:16:12', 'Android camera, burst suffix'],
    ['VID_20200827_231612.mp4', '2020-08-27T23:16:12', 'Android video'],
    ['20200827_231612.jpg', '2020-08-27T23:16:12', 'Samsung camera'],
    ['PXL_20240101_101010123.jpg', '2024-01-01T10:10:10', 'Pixel (milliseconds after the seconds)'],
    ['PXL_20240101_101010123.MP.jpg', '2024-01-01T10:10:10', 'Pixel motion photo'],
    ['IMG-20191006-WA0002.jpg', '2019-10-06T12:00:00', 'WhatsApp on Android: the day only, placed at noon'],
    ['Screenshot_2024-01-01-10-10-10.png', '2024-01-01T10:10:10', 'Android screenshot'],
    ['Screenshot_20240101-101010.png', '2024-01-01T10:10:10', 'Android screenshot, compact'],
    ['Screenshot_20240101-101010_Chrome.jpg', '2024-01-01T10:10:10', 'Samsung screenshot with the app'],
    ['Screenshot 2024-01-01 at 10.10.10.png', '2024-01-01T10:10:10', 'macOS screenshot'],
    ['Screen Shot 2020-01-01 at 1.10.10 PM.png', null, 'old macOS, one-digit hour: too loose to trust'],
    ['Screen Shot 2020-01-01 at 01.10.10 PM.png', '2020-01-01T13:10:10', 'old macOS, afternoon'],
    ['Screenshot 2024-01-01 at 12.05.00\u202fAM.png', '2024-01-01T00:05:00', 'macOS, narrow space before AM'],
    ['WhatsApp Image 2024-01-01 at 10.10.10.jpeg', '2024-01-01T10:10:10', 'WhatsApp on iPhone'],
    ['WhatsApp Image 2024-01-01 at 10.10.10 (1).jpeg', '2024-01-01T10:10:10', 'WhatsApp, a copy'],
    ['signal-2024-01-01-101010.jpg', '2024-01-01T10:10:10', 'Signal'],
    ['signal-2024-01-01-101010_002.jpeg', '2024-01-01T10:10:10', 'Signal, several in a second'],
    ['photo_2024-01-01_10-10-10.jpg', '2024-01-01T10:10:10', 'Telegram'],
    ['2024-01-01 10.10.10.jpg', '2024-01-01T10:10:10', 'Dropbox camera uploads'],
    ['FB_IMG_1577836800000.jpg', '2020-01-01T00:00:00', 'Facebook: Unix milliseconds'],
    ['uploads/2023/IMG_20230505_080000.jpg', '2023-05-05T08:00:00', 'a path is ignored'],
  ])('%s → %s (%s)', (name, expected, _why) => {
    const date = dateFromFileName(name);
    if (expected === null) {
      // The day is still read; only the loose time is not.
      expect(iso(date)).toBe('2020-01-01T12:00:00');
      return;
    }
    expect(iso(date)).toBe(expected);
  });

  it.each([
    ['DSC_0001.JPG', 'a counter'],
    ['IMG_1234.HEIC', 'a counter'],
    ['P1010001.JPG', 'a counter that looks like a date to a lazy pattern'],
    ['IMG_20201345_101010.jpg', 'month 13'],
    ['IMG_20210230_101010.jpg', '30 February'],
    ['IMG_18991231_101010.jpg', 'before 1990'],
    ['1234567890123456.jpg', 'a long number'],
    ['holiday.jpg', 'no date at all'],
    ['received_999.jpg', 'not a Unix time'],
    ['photo_20110512999.jpg', 'a longer number that starts like a date'],
    ['order_2012031599.pdf.jpg', 'a longer number that starts like a date'],
  ])('%s has no date (%s)', (name) => {
    expect(dateFromFileName(name)).toBeNull();
  });

  it('keeps a date-only name inside its own day for the organizer (not at midnight)', () => {
    expect(dateFromFileName('IMG-20220122-WA0001.jpg')?.getUTCHours()).toBe(12);
  });
});

describe('fileModifiedWallClock', () => {
  const now = new Date('2026-12-02T10:00:00Z');

  it('turns the browser’s instant into the device’s wall clock', () => {
    const instant = Date.parse('2024-07-01T08:00:00Z');
    expect(iso(fileModifiedWallClock(instant, 120, now))).toBe('2024-07-01T10:00:00');
    expect(iso(fileModifiedWallClock(instant, undefined, now))).toBe('2024-07-01T08:00:00');
  });

  it('ignores a time from the future or from before digital photos', () => {
    expect(fileModifiedWallClock(Date.parse('2027-01-01T00:00:00Z'), 0, now)).toBeNull();
    expect(fileModifiedWallClock(0, 0, now)).toBeNull();
    expect(fileModifiedWallClock(undefined, 0, now)).toBeNull();
  });
});

describe('choosePhotoDate', () => {
  const exif = new Date('2020-05-05T10:00:00Z');
  const modified = new Date('2024-01-01T00:00:00Z');

  it('prefers the camera’s time, then the file name, then the file’s time, and says which', () => {
    expect(choosePhotoDate({ exif, fileName: 'IMG_20190101_101010.jpg', fileModifiedAt: modified })).toEqual({
      takenAt: exif,
      source: 'exif',
    });
    expect(
      choosePhotoDate({ exif: null, fileName: 'IMG_20190101_101010.jpg', fileModifiedAt: modified }),
    ).toEqual({ takenAt: new Date('2019-01-01T10:10:10Z'), source: 'file-name' });
    expect(choosePhotoDate({ exif: null, fileName: 'holiday.jpg', fileModifiedAt: modified })).toEqual({
      takenAt: modified,
      source: 'file-time',
    });
    expect(choosePhotoDate({ exif: null, fileName: 'holiday.jpg', fileModifiedAt: null })).toBeNull();
  });
});
