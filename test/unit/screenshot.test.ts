import { isScreenshotName } from '../../lambdas/core/screenshot.ts';

test.each([
  'Screenshot_20240101-101010.png',
  'Screenshot_2024-01-01-10-10-10_Chrome.jpg',
  'Screenshot 2024-01-01 at 10.10.10.png',
  'Screen Shot 2020-01-01 at 1.10.10 PM.png',
  'screenshot.png',
  'Capture d’écran 2024-01-01 à 10.10.10.png',
  'Bildschirmfoto 2024-01-01 um 10.10.10.png',
  'SCR_20240101_101010.jpg',
])('%s is a screen capture', (name) => {
  expect(isScreenshotName(name)).toBe(true);
});

test.each([
  'IMG_20240101_101010.jpg',
  'my-screenshots-folder.jpg',
  'PXL_20240101_101010123.jpg',
  'scrap.jpg',
])('%s is not', (name) => {
  expect(isScreenshotName(name)).toBe(false);
});
