/**
 * Web weight, and the browser's hashing of a drop (groups/web-hashing.ts). Weight: the JavaScript and CSS the first page downloads (web/index.html, its stylesheets and
 * module scripts, and their static imports), compressed as a CDN would serve them. Modules loaded
 * later through import() (other screens) are counted apart. Measures whatever web/ holds right now.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Figures, WebFigures } from '../results.ts';
import type { BenchContext } from '../support/context.ts';
import { measureBrowserHashing } from './web-hashing.ts';
import { measureAlbumScroll } from './web-scroll.ts';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

type Kind = 'html' | 'js' | 'css';
interface Asset {
  path: string;
  kind: Kind;
  /** false: fetched only when a later screen imports it. */
  firstPage: boolean;
}

export async function runWebGroup(ctx: BenchContext): Promise<Figures<WebFigures>> {
  const html = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  const assets = new Map<string, Asset>([
    ['index.html', { path: 'index.html', kind: 'html', firstPage: true }],
  ]);
  const external: string[] = [];
  const queue: Array<{ path: string; kind: Kind; firstPage: boolean }> = [];
  const add = (reference: string, from: string, kind: Kind, firstPage: boolean) => {
    if (/^(https?:)?\/\//.test(reference)) {
      external.push(reference);
      return;
    }
    const clean = reference.split(/[?#]/)[0] ?? '';
    const path = normalize(clean.startsWith('/') ? clean.slice(1) : join(dirname(from), clean));
    const known = assets.get(path);
    if (known) {
      // Statically imported somewhere on the first page wins over a lazy import elsewhere.
      if (firstPage && !known.firstPage) {
        known.firstPage = true;
        queue.push(known);
      }
      return;
    }
    const asset = { path, kind, firstPage };
    assets.set(path, asset);
    queue.push(asset);
  };

  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attributes = attributesOf(tag);
    if (tag.toLowerCase().startsWith('<script') && attributes.src)
      add(attributes.src, 'index.html', 'js', true);
    const rel = attributes.rel?.toLowerCase() ?? '';
    if (attributes.href && rel.split(/\s+/).includes('stylesheet'))
      add(attributes.href, 'index.html', 'css', true);
    if (attributes.href && rel === 'modulepreload') add(attributes.href, 'index.html', 'js', true);
  }
  // Inline scripts and styles are part of the HTML's own weight.

  while (queue.length > 0) {
    const asset = queue.shift() as Asset;
    const file = join(WEB_ROOT, asset.path);
    if (!existsSync(file)) {
      ctx.log(`web: ${asset.path} is referenced but missing`);
      continue;
    }
    const text = await readFile(file, 'utf8');
    if (asset.kind === 'js') {
      for (const match of text.matchAll(
        /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?['"]([^'"]+)['"]/g,
      ))
        add(match[1] as string, asset.path, 'js', asset.firstPage);
      for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
        add(match[1] as string, asset.path, 'js', false);
      // Workers (`new Worker(new URL('./x.js', import.meta.url))`) load when first started.
      for (const match of text.matchAll(/\bnew URL\(\s*['"]([^'"]+\.js)['"]\s*,\s*import\.meta\.url\s*\)/g))
        add(match[1] as string, asset.path, 'js', false);
    } else if (asset.kind === 'css') {
      for (const match of text.matchAll(/@import\s+(?:url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?/g))
        add(match[1] as string, asset.path, 'css', asset.firstPage);
    }
  }

  const files: WebFigures['files'] = [];
  for (const asset of assets.values()) {
    const file = join(WEB_ROOT, asset.path);
    if (!existsSync(file)) continue;
    const bytes = await readFile(file);
    files.push({
      path: relative(WEB_ROOT, file),
      kind: asset.kind,
      firstPage: asset.firstPage,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      brotliBytes: brotliCompressSync(bytes).length,
    });
  }
  files.sort((a, b) => Number(b.firstPage) - Number(a.firstPage) || a.path.localeCompare(b.path));
  const total = (kind: Kind, field: 'bytes' | 'gzipBytes', firstPage = true) =>
    files
      .filter((file) => file.kind === kind && file.firstPage === firstPage)
      .reduce((sum, file) => sum + file[field], 0);
  return {
    files,
    jsBytes: total('js', 'bytes'),
    jsGzipBytes: total('js', 'gzipBytes'),
    cssBytes: total('css', 'bytes'),
    cssGzipBytes: total('css', 'gzipBytes'),
    htmlGzipBytes: total('html', 'gzipBytes'),
    lazyJsGzipBytes: total('js', 'gzipBytes', false),
    external,
    hashing: await measureBrowserHashing(ctx),
    albumScroll: await measureAlbumScroll(ctx),
  };
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g))
    attributes[(match[1] as string).toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? '';
  return attributes;
}
