/**
 * Content analysis on one core in a fresh process, as ingest does it for an owner with people
 * recognition on: the analyzer (which computes the look) and then the face reader on the model
 * rendition, photo after photo. sharp is held to one thread and TensorFlow.js runs one, so the times
 * are per core; the process's peak RSS is what the readers cost in memory.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { faceReader, imageAnalyzer } from '../../lambdas/composition/worker.ts';
import { serveParent } from '../support/child.ts';

export interface ContentRunParams {
  files: { path: string; contentType: string }[];
}

export interface ContentRunResult {
  /** The first face read, which loads the three models and starts TensorFlow.js. */
  firstReadMs: number;
  photos: { analyzeMs: number; facesMs: number; faces: number }[];
  maxRssMb: number;
}

async function run(params: unknown): Promise<ContentRunResult> {
  const { files } = params as ContentRunParams;
  sharp.concurrency(1);
  const analyzer = imageAnalyzer();
  const faces = faceReader({});
  const photos: ContentRunResult['photos'] = [];
  let firstReadMs = 0;
  for (const [index, file] of files.entries()) {
    const bytes = await readFile(file.path);
    let start = performance.now();
    const image = await analyzer.analyze(bytes, file.contentType);
    const analyzeMs = performance.now() - start;
    start = performance.now();
    const found = await faces.read(image.modelImage);
    const facesMs = performance.now() - start;
    if (index === 0) firstReadMs = facesMs;
    else photos.push({ analyzeMs, facesMs, faces: found.length });
  }
  return { firstReadMs, photos, maxRssMb: (process.resourceUsage().maxRSS * 1024) / (1024 * 1024) };
}

serveParent({ run });
