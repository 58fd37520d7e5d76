/**
 * What every album page answered by the API must be, whoever designed it: a known layout, #rrggbb
 * colours with AA-readable text and accent, plain text within PAGE_LIMITS, and the album's own photos,
 * each exactly once. Shared by the e2e suites that make pages through the real queue and worker.
 */
import { PAGE_LAYOUTS, PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import { AA_CONTRAST, contrast } from '../../lambdas/core/page-colours.ts';
import type { Harness } from './local-app-harness.ts';

/** Polls an album's page until no design is queued or running. */
export async function waitForPage(harness: Harness, token: string, albumId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status, body } = await harness.api(`/api/albums/${albumId}/page`, { token });
    if (status !== 200) throw new Error(`GET page answered ${status}`);
    if (body.job.status !== 'queued' && body.job.status !== 'designing') return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the page of ${albumId} was not designed within ${timeoutMs} ms`);
}

export function expectRenderablePage(page: any, albumImageIds: readonly string[]): void {
  const { spec } = page;
  expect(PAGE_LAYOUTS).toContain(spec.layout);
  for (const colour of Object.values(spec.palette)) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  expect(contrast(spec.palette.text, spec.palette.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
  expect(contrast(spec.palette.accent, spec.palette.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
  const within = (text: unknown, limit: number) => {
    expect(typeof text).toBe('string');
    expect(Array.from(text as string).length).toBeLessThanOrEqual(limit);
    expect(text).not.toMatch(/[^\P{Cc}\n]/u);
  };
  within(spec.headline, PAGE_LIMITS.headline);
  expect(spec.headline.length).toBeGreaterThan(0);
  within(spec.introduction, PAGE_LIMITS.introduction);
  expect(spec.leadImageIds.length).toBeLessThanOrEqual(PAGE_LIMITS.leadPhotos);
  expect(spec.sections.length).toBeLessThanOrEqual(PAGE_LIMITS.sections);
  for (const section of spec.sections) {
    within(section.title, PAGE_LIMITS.sectionTitle);
    within(section.caption, PAGE_LIMITS.caption);
    expect(section.imageIds.length).toBeGreaterThan(0);
  }
  const shown = [...spec.leadImageIds, ...spec.sections.flatMap((section: any) => section.imageIds)];
  expect([...shown].sort()).toEqual([...albumImageIds].sort());
}
