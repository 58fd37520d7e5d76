/**
 * The CPU baseline of the worker and end-to-end figures, measured in the same run: the median time
 * the sharp analyzer (decode, auto-rotate, two JPEG encodes, EXIF) takes for one 12 MP photo, alone.
 * Dividing by it turns "seconds on this noisy 2-core machine" into a ratio that travels.
 */
import { imageAnalyzer } from '../../lambdas/composition/worker.ts';
import type { PhotoCorpus } from './photos.ts';
import { mapLimited, median } from './stats.ts';

export async function calibrateAnalyzer(corpus: PhotoCorpus, samples: number): Promise<number> {
  const analyzer = imageAnalyzer();
  const bytes = await corpus.photo(0, 1);
  for (let warm = 0; warm < 2; warm++) await analyzer.analyze(bytes, 'image/jpeg');
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const start = performance.now();
    await analyzer.analyze(bytes, 'image/jpeg');
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * The analyzer alone on the same photos ingest reads, at the same concurrency (photos at once): what
 * ingest's throughput is compared with. The bytes are in memory first, so only the analysis is timed.
 */
export async function analyzerThroughput(
  corpus: PhotoCorpus,
  photos: number,
  concurrency: number,
): Promise<number> {
  const analyzer = imageAnalyzer();
  const files: Uint8Array[] = [];
  for (let index = 0; index < photos; index++) files.push(await corpus.photo(index, photos));
  await analyzer.analyze(files[0] as Uint8Array, 'image/jpeg');
  const start = performance.now();
  await mapLimited(files, concurrency, (bytes) => analyzer.analyze(bytes, 'image/jpeg'));
  return photos / ((performance.now() - start) / 1000);
}
