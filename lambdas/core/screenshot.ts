/**
 * Screen captures, told by the names phones and computers give them ("Screenshot_20240101-101010.png",
 * "Screenshot 2024-01-01 at 10.10.10.png", "Screen Shot …", "Capture d’écran …", "Bildschirmfoto …").
 * People keep them apart from their photos, as photo apps do, so the offline organizer gathers them.
 */
const SCREENSHOT_NAME =
  /^(?:screenshot|screen[ _-]?shot|scr_?\d|capture[ _]d[’']?[ée]cran|bildschirmfoto|schermafbeelding|captura de pantalla)/i;

export function isScreenshotName(name: string): boolean {
  return SCREENSHOT_NAME.test(name.replace(/^.*[\\/]/, '').trim());
}
