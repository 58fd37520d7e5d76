/**
 * The grid shows photos without their file names (each tile is named by when and where the photo was
 * taken), so tests find a photo's tile by its id, which every tile carries as data-photo-id.
 */
import type { Locator, Page } from 'playwright-core';

/** The tile of the photo `id` in `scope`. */
export function tileOf(scope: Locator | Page, id: string): Locator {
  return scope.locator(`li.photo-tile[data-photo-id="${id}"]`);
}

/** The file names of the tiles `tiles` matches, in page order, through `names` (id → file name). */
export async function tileNames(tiles: Locator, names: ReadonlyMap<string, string>): Promise<string[]> {
  const ids = await tiles.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-photo-id')));
  return ids.map((id) => names.get(id ?? '') ?? `unknown photo ${id}`);
}

/** The file name the open viewer's info panel shows. */
export function viewerFileName(page: Page): Promise<string | null> {
  return page.locator('.lightbox-info dt:text-is("File name") + dd').textContent();
}

/** The value of `term` in the open viewer's info panel. */
export function viewerFact(page: Page, term: string): Locator {
  return page.locator(`.lightbox-info dt:text-is("${term}") + dd`);
}

/** Opens the photo `id` in the viewer and waits for its info panel. */
export async function openInViewer(scope: Locator | Page, page: Page, id: string): Promise<void> {
  await tileOf(scope, id).locator('.photo-open').click();
  await page.locator('dialog.lightbox[open] .lightbox-info dl').waitFor();
}
