/**
 * `npm run organize -- <folder> [--json]`: organizes a folder of photos exactly as the worker organizes a
 * job — the same analyzer, the same ONE model call (or the offline organizer without a key), the same
 * validation and fallbacks — and prints the albums, the tokens, the bytes sent and the estimated cost.
 * Nothing is stored. It is the one-minute check of the model contract after deploying with a key
 * (docs/deploying.md, "Verify the model contract"), and a quick way to judge albums on your own photos.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { stderrLogger } from '../lambdas/composition/logging.ts';
import { organizerDependencies } from '../lambdas/composition/worker.ts';
import { organizerConfig } from '../lambdas/config.ts';
import { ImageRejectedError } from '../lambdas/core/errors.ts';
import { fileModifiedWallClock } from '../lambdas/core/photo-date.ts';
import type { PlannerPhoto } from '../lambdas/core/ports.ts';
import { MAX_IMAGES_PER_JOB } from '../lambdas/core/upload-policy.ts';
import { organizePhotos, plannerPhotoOf } from '../lambdas/core/use-cases/organize-photos.ts';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
};

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const folder = args.find((arg) => !arg.startsWith('--'));
if (!folder) {
  console.error('usage: npm run organize -- <folder of photos> [--json]');
  process.exit(2);
}

const files = (await readdir(resolve(folder))).filter((name) => TYPES[extname(name).toLowerCase()]).sort();
if (files.length === 0) fail(`no photos (${Object.keys(TYPES).join(', ')}) in ${folder}`);
if (files.length > MAX_IMAGES_PER_JOB)
  fail(`${files.length} photos: one job takes at most ${MAX_IMAGES_PER_JOB}`);

const config = organizerConfig(process.env);
// Logs to standard error: standard output is the summary (JSON with --json).
const deps = organizerDependencies(process.env, stderrLogger({ component: 'organize' }));
const started = performance.now();
const accepted: { id: string; plannerPhoto: PlannerPhoto }[] = [];
const rejected: { file: string; reason: string }[] = [];
for (const [index, file] of files.entries()) {
  const path = join(resolve(folder), file);
  const bytes = await readFile(path);
  // The file's time as this machine's wall clock: a date of last resort, read by the rule the upload
  // route applies to what the web app sends (no year before digital photos, none in the future).
  const modified = (await stat(path)).mtime;
  const modifiedAt = fileModifiedWallClock(modified.getTime(), -modified.getTimezoneOffset(), new Date());
  try {
    const image = await deps.analyzer.analyze(bytes, TYPES[extname(file).toLowerCase()] as string);
    accepted.push({
      id: file,
      plannerPhoto: plannerPhotoOf(`p${index + 1}`, image, deps.places, { name: file, modifiedAt }),
    });
  } catch (error) {
    if (!(error instanceof ImageRejectedError)) throw error;
    rejected.push({ file, reason: error.message });
  }
}
if (accepted.length === 0) fail('none of the photos could be read');

const analyzedMs = performance.now() - started;
const { albums, result } = await organizePhotos(deps, accepted);
const imageBytes = accepted.reduce((sum, photo) => sum + photo.plannerPhoto.image.bytes.byteLength, 0);
const summary = {
  organizer: result.organizer,
  model: result.model ?? (result.organizer === 'gemini' ? config.GEMINI_MODEL : null),
  fallbackReason: result.fallbackReason ?? null,
  photos: accepted.length,
  rejected,
  albums: albums.map((album) => ({
    title: album.title,
    description: album.themeDescription,
    files: album.imageIds,
  })),
  repairs: result.repairs ?? [],
  tokens: result.usage
    ? {
        input: result.usage.promptTokens,
        output: result.usage.outputTokens,
        thinking: result.usage.thoughtTokens ?? 0,
      }
    : null,
  estimatedCostUsd: result.usage?.estimatedCostUsd ?? null,
  // What the model call carries: every model image base64-encoded (the text around them is small).
  imageBytesSent:
    result.organizer === 'offline' && !result.fallbackReason ? 0 : Math.ceil(imageBytes / 3) * 4,
  timings: {
    analyzeMs: Math.round(analyzedMs),
    organizeMs: Math.round(performance.now() - started - analyzedMs),
  },
};

if (asJson) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  console.log(
    `${summary.photos} photos organized by ${summary.organizer}${summary.model ? ` (${summary.model})` : ''}`,
  );
  if (summary.fallbackReason) console.log(`  the model was not used: ${summary.fallbackReason}`);
  for (const album of summary.albums) {
    console.log(
      `\n${album.title} — ${album.files.length} photo(s)\n  ${album.description}\n  ${album.files.join(', ')}`,
    );
  }
  for (const { file, reason } of rejected) console.log(`\nnot used: ${file}: ${reason}`);
  if (summary.repairs.length > 0) console.log(`\nrepaired in the answer: ${summary.repairs.join('; ')}`);
  console.log(
    `\nimages in the request: ${mb(summary.imageBytesSent)} (the inline limit is 100 MB)` +
      (summary.tokens
        ? `; tokens ${summary.tokens.input} in, ${summary.tokens.output} out (${summary.tokens.thinking} thinking)`
        : '') +
      (summary.estimatedCostUsd === null ? '' : `; about $${summary.estimatedCostUsd.toFixed(4)}`) +
      `; ${summary.timings.analyzeMs} ms reading, ${summary.timings.organizeMs} ms organizing`,
  );
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
