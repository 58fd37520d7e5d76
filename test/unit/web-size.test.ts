/** The first page stays small: the budget documented in docs/web.md, checked on every test run. */
import { FIRST_PAGE_BUDGET_BYTES, firstPageFiles, sizeOf } from '../../scripts/web-size.ts';

describe('the web app first page', () => {
  const files = firstPageFiles().map((path) => path.replace(/.*\/web\//, ''));

  it('loads only the shell, the sign-in screen and what they import', () => {
    expect(files).toEqual(
      expect.arrayContaining(['index.html', 'app.css', 'js/app.js', 'js/sign-in-view.js', 'js/dom.js']),
    );
    // Screens are loaded on demand, when the user first goes there.
    for (const screen of [
      'upload-view',
      // The upload session and its tray load once an upload starts (or a reload interrupted one).
      'uploads',
      'upload-tray',
      'gallery-view',
      'album-view',
      'library-view',
      'lightbox',
      'auth-cognito',
    ]) {
      expect(files).not.toContain(`js/${screen}.js`);
    }
  });

  it(`is at most ${FIRST_PAGE_BUDGET_BYTES} bytes gzipped`, () => {
    const total = sizeOf(firstPageFiles()).reduce((sum, file) => sum + file.gzipped, 0);
    expect(total).toBeLessThanOrEqual(FIRST_PAGE_BUDGET_BYTES);
  });
});
