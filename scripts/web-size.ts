/**
 * The first page's weight: index.html, app.css and every module app.js imports statically (screens are
 * imported on demand and do not count), each gzipped as a CDN would send it. `npm run web:size`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
/** The budget the first page must stay under, gzipped. */
export const FIRST_PAGE_BUDGET_BYTES = 30 * 1024;

const STATIC_IMPORT = /^\s*import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;

export interface SizedFile {
  path: string;
  bytes: number;
  gzipped: number;
}

/** The files the browser must fetch before the first screen works. */
export function firstPageFiles(root = WEB_ROOT): string[] {
  const files = ['index.html', 'app.css'].map((name) => join(root, name));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      visit(resolve(dirname(file), match[1] as string));
    }
  };
  visit(join(root, 'js', 'app.js'));
  return [...files, ...seen];
}

export function sizeOf(files: string[]): SizedFile[] {
  return files.map((path) => {
    const content = readFileSync(path);
    return { path, bytes: content.length, gzipped: gzipSync(content, { level: 9 }).length };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sized = sizeOf(firstPageFiles());
  for (const file of sized) {
    console.log(
      `${relative(WEB_ROOT, file.path).padEnd(24)} ${String(file.bytes).padStart(7)} B  ${String(file.gzipped).padStart(6)} B gzip`,
    );
  }
  const total = sized.reduce((sum, file) => sum + file.gzipped, 0);
  console.log(`first page, gzipped: ${total} B (budget ${FIRST_PAGE_BUDGET_BYTES} B)`);
  if (total > FIRST_PAGE_BUDGET_BYTES) process.exitCode = 1;
}
