/**
 * Content analysis speed and memory (issue #14): every photo of both labelled rolls (wallpapers and
 * staged events; group photos, pages, fruit) read on one core in a fresh process by the analyzer and
 * the face reader (content-child.ts). The first photo, which loads the models, is reported apart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentFigures, Figures } from '../results.ts';
import { spawnChild } from '../support/child.ts';
import { buildContentRoll } from '../support/content-roll.ts';
import type { BenchContext } from '../support/context.ts';
import { buildRoll } from '../support/labelled-roll.ts';
import { median, percentile, round } from '../support/stats.ts';
import type { ContentRunResult } from './content-child.ts';

const CHILD = new URL('./content-child.ts', import.meta.url);

export async function runContentGroup(ctx: BenchContext): Promise<Figures<ContentFigures>> {
  const log = (message: string) => ctx.log(`content: ${message}`);
  const rolls = [await buildRoll(log), await buildContentRoll(log)];
  const folder = await mkdtemp(join(tmpdir(), 'momentarium-content-'));
  try {
    const files: { path: string; contentType: string }[] = [];
    for (const [index, file] of rolls.flatMap((roll) => roll.files).entries()) {
      const path = join(folder, `${index}-${file.name}`);
      await writeFile(path, file.bytes);
      files.push({ path, contentType: file.contentType });
    }
    const child = spawnChild(CHILD);
    let result: ContentRunResult;
    try {
      result = await child.call<ContentRunResult>('run', { files });
    } finally {
      await child.stop();
    }
    const faces = result.photos.map((photo) => photo.facesMs);
    const withFaces = result.photos.filter((photo) => photo.faces > 0).map((photo) => photo.facesMs);
    const analyze = result.photos.map((photo) => photo.analyzeMs);
    log(`faces median ${round(median(faces), 1)} ms (with faces ${round(median(withFaces), 1)} ms)`);
    return {
      source: rolls.map((roll) => roll.source).join('; '),
      photos: result.photos.length,
      photosWithFaces: withFaces.length,
      facesFound: result.photos.reduce((sum, photo) => sum + photo.faces, 0),
      firstReadMs: round(result.firstReadMs, 0),
      facesMedianMs: round(median(faces), 1),
      facesP90Ms: round(percentile(faces, 90), 1),
      facesWithFacesMedianMs: round(median(withFaces), 1),
      analyzeMedianMs: round(median(analyze), 1),
      maxRssMb: round(result.maxRssMb, 0),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
