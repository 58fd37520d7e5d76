/**
 * Scrolling a 1,000-photo album in Chromium (issue #16: it must scroll at 60 fps). The album is
 * seeded straight into the local app's database and storage (test/support/seed-photos.ts: real
 * JPEG thumbnails, one set of files per photo, four aspect ratios), then opened in the web app at
 * 1280×800 and scrolled top to bottom at a steady 2,400 px/s, one step per animation frame, while
 * requestAnimationFrame timestamps are recorded: the frame times a user would see. Run twice: as
 * the app ships (off-screen tiles skip layout and paint with content-visibility, images lazy), and
 * with content-visibility switched off, for contrast (virtualizing would only be worth it if the
 * shipped run missed 60 fps).
 */
import { startHarness } from '../../test/support/local-app-harness.ts';
import { type SeedPhoto, seedReadyPhotos } from '../../test/support/seed-photos.ts';
import type { WebScrollFigures, WebScrollRun } from '../results.ts';
import { onCleanup } from '../support/cleanup.ts';
import type { BenchContext } from '../support/context.ts';
import { median, round } from '../support/stats.ts';
import { launchChromium } from './web-hashing.ts';

/** Globals of the page, used only inside callbacks that run there (the bench compiles without the DOM lib). */
declare const document: any;
declare const window: any;
declare const requestAnimationFrame: any;

const PHOTOS = 1000;
const QUICK_PHOTOS = 300;
/** A 60 Hz frame. */
const FRAME_MS = 1000 / 60;
const SHAPES = [
  [4000, 3000],
  [3000, 4000],
  [1600, 900],
  [3000, 3000],
] as const;

/** Runs in the page: scrolls to the bottom `pxPerFrame` at a time and returns each frame's duration. */
async function scrollAndTime(pxPerFrame: number): Promise<{ deltas: number[]; scrolled: number }> {
  window.scrollTo(0, 0);
  const deltas: number[] = [];
  return new Promise((resolve) => {
    let last: number | null = null;
    const step = (now: number) => {
      if (last !== null) deltas.push(now - last);
      last = now;
      const bottom = document.documentElement.scrollHeight - window.innerHeight;
      if (window.scrollY >= bottom - 1) {
        resolve({ deltas, scrolled: window.scrollY });
        return;
      }
      window.scrollBy(0, pxPerFrame);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

export async function measureAlbumScroll(ctx: BenchContext): Promise<WebScrollFigures> {
  const count = ctx.quick ? QUICK_PHOTOS : PHOTOS;
  const harness = await startHarness({}, { background: false });
  onCleanup(() => harness.stop());
  const { userId } = await harness.signIn('scroller');
  const photos: SeedPhoto[] = Array.from({ length: count }, (_, index) => {
    const [width, height] = SHAPES[index % SHAPES.length] as readonly [number, number];
    return { takenAt: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000), width, height };
  });
  const seeded = await seedReadyPhotos(harness.app, userId, photos, { albumTitle: 'A thousand photos' });
  ctx.log(`web: seeded an album of ${count} photos`);

  const browser = await launchChromium();
  onCleanup(() => browser.close());
  const { page } = browser;
  await page.goto(harness.app.url);
  await page.getByLabel('Username').fill('scroller');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your albums' }).waitFor();

  const run = async (label: string, contentVisibility: boolean): Promise<WebScrollRun> => {
    await page.goto(`${harness.app.url}/#/albums/${seeded.albumId}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'A thousand photos' }).waitFor();
    await page
      .locator('li.photo-tile')
      .nth(count - 1)
      .waitFor({ state: 'attached' });
    if (!contentVisibility) {
      // Through the CSSOM: the app's CSP refuses inline style sheets.
      await page.evaluate(() => {
        for (const tile of document.querySelectorAll('.photo-tile')) tile.style.contentVisibility = 'visible';
      });
    }
    // The first screenful loaded, as a user would see it before scrolling.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photo-grid img')].slice(0, 12).every((image: any) => image.complete),
    );
    const { deltas, scrolled } = await page.evaluate(scrollAndTime, 40);
    const loaded = await page.evaluate(
      () =>
        [...document.querySelectorAll('.photo-grid img')].filter((image: any) => image.naturalWidth > 0)
          .length,
    );
    const sorted = [...deltas].sort((a, b) => a - b);
    return {
      label,
      frames: deltas.length,
      scrolledPx: Math.round(scrolled),
      medianFrameMs: round(median(deltas), 1),
      p95FrameMs: round(percentile(sorted, 0.95), 1),
      longestFrameMs: round(sorted.at(-1) ?? 0, 1),
      slowFramesPct: round(
        (deltas.filter((delta) => delta > FRAME_MS + 0.5).length / deltas.length) * 100,
        1,
      ),
      imagesLoaded: loaded,
    };
  };

  const shipped = await run('As shipped (content-visibility: auto, lazy images)', true);
  ctx.log(`web: scroll ${shipped.medianFrameMs} ms median, ${shipped.p95FrameMs} ms p95`);
  const without = await run('content-visibility switched off', false);
  return {
    photos: count,
    viewport: '1280×800',
    pxPerFrame: 40,
    browser: `${browser.context.browser()?.version() ?? 'Chromium'} (headless)`,
    runs: [shipped, without],
  };
}
