/**
 * The model request on real photos: photos no one here made (Debian's mate-backgrounds package, nature
 * photographs, fetched with `apt-get download` at bench time into a cache outside the repository and
 * never committed) go through the worker's analyzer, then one 500-photo job goes through the real
 * planner and SDK to the strict fake Gemini server, which refuses anything over Google's 100 MB inline
 * limit. Measures bytes per photo, bytes per job against the limit (and the worst case: noise), and
 * tokens and cost per 1,000 photos at list price; then one album page designed by the same model through
 * the worker's page designer composition: what one page call sends and costs.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { geminiPageDesigner } from '../../lambdas/composition/gemini.ts';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import {
  DEFAULT_MAX_OUTPUT_TOKENS_CAP,
  GEMINI_PRICES,
  imageAnalyzer,
  MAX_INLINE_REQUEST_BYTES,
  organizerDependencies,
} from '../../lambdas/composition/worker.ts';
import { DEFAULT_GEMINI_MODEL } from '../../lambdas/config.ts';
import { PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import { MAX_ALBUMS_PER_JOB } from '../../lambdas/core/album-plan.ts';
import { MAX_EXISTING_ALBUMS } from '../../lambdas/core/existing-albums.ts';
import type { ExistingAlbum, PlannerPhoto } from '../../lambdas/core/ports.ts';
import { MAX_IMAGES_PER_JOB } from '../../lambdas/core/upload-policy.ts';
import { MAX_PAGE_DESIGN_IMAGES } from '../../lambdas/core/use-cases/design-album-page.ts';
import { startFakeGemini } from '../../test/fakes/fake-gemini-server.ts';
import type { Figures, ModelRequestFigures } from '../results.ts';
import type { BenchContext } from '../support/context.ts';
import { debianPackage } from '../support/debian-photos.ts';
import { median } from '../support/stats.ts';

const PACKAGE = 'mate-backgrounds';
const PHOTO_FOLDER = 'usr/share/backgrounds/mate/nature';

export async function runModelRequestGroup(ctx: BenchContext): Promise<Figures<ModelRequestFigures>> {
  const { folder, version } = await debianPhotos(ctx);
  const files = (await readdir(folder)).filter((name) => /\.jpe?g$/i.test(name)).sort();
  const analyzer = imageAnalyzer();
  const originals: number[] = [];
  const modelImages: Uint8Array[] = [];
  for (const file of files) {
    const bytes = await readFile(join(folder, file));
    originals.push(bytes.byteLength);
    modelImages.push((await analyzer.analyze(bytes, 'image/jpeg')).modelImage);
  }
  const sizes = modelImages.map((image) => image.byteLength).sort((a, b) => a - b);
  // The worst case for JPEG: square noise at the model image's size (the most pixels, no averaging).
  const noise = await sharp(randomBytes(768 * 576 * 3), { raw: { width: 512, height: 512, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
  const worst = (await analyzer.analyze(noise, 'image/jpeg')).modelImage;

  ctx.log(
    `model request: ${files.length} real photos, one ${MAX_IMAGES_PER_JOB}-photo job through the planner`,
  );
  const job = await measureJob(modelImages);
  // The same job answered with a realistic full answer: the most albums, every photo described.
  const full = await measureJob(modelImages, [], realisticFullAnswer(MAX_IMAGES_PER_JOB));
  const worstJob = await measureJob([worst]);
  // The same job again, with the most existing albums a job is shown: their covers are real photos.
  const joining = await measureJob(modelImages, existingAlbums(modelImages));
  const page = await measurePage(modelImages);
  const perAlbum = (value: number) => Math.round(value / MAX_EXISTING_ALBUMS);
  return {
    source: `Debian ${PACKAGE} ${version} (${PHOTO_FOLDER}, ${files.length} photographs)`,
    photos: files.length,
    originalBytesMedian: median(originals),
    modelImageBytes: { min: sizes[0] ?? 0, median: median(sizes), max: sizes.at(-1) ?? 0 },
    worstCaseModelImageBytes: worst.byteLength,
    photosPerJob: MAX_IMAGES_PER_JOB,
    requestBytes: job.bytes,
    worstCaseRequestBytes: worstJob.bytes,
    limitBytes: MAX_INLINE_REQUEST_BYTES,
    model: DEFAULT_GEMINI_MODEL,
    tokensPer1000Photos: { input: job.inputTokens * 2, output: job.outputTokens * 2 },
    costPer1000PhotosUsd: job.costUsd * 2,
    fullAnswer: {
      chars: full.answerChars,
      outputTokens: full.outputTokens,
      maxOutputTokens: full.maxOutputTokens,
      cap: DEFAULT_MAX_OUTPUT_TOKENS_CAP,
      tokensPer1000Photos: { input: full.inputTokens * 2, output: full.outputTokens * 2 },
      costPer1000PhotosUsd: full.costUsd * 2,
    },
    existingAlbums: {
      offered: MAX_EXISTING_ALBUMS,
      extraInputTokensPerAlbum: perAlbum(joining.inputTokens - job.inputTokens),
      extraRequestBytesPerAlbum: perAlbum(joining.bytes - job.bytes),
      extraInputShare: Number(((joining.inputTokens - job.inputTokens) / job.inputTokens).toFixed(4)),
      extraCostPerJobUsd: Number((joining.costUsd - job.costUsd).toFixed(6)),
    },
    page,
  };
}

/** A design with every text at its limit, the most sections and every photo shown placed once. */
function fullPageDesign(photos: number) {
  const refs = Array.from({ length: photos }, (_, index) => `p${index + 1}`);
  const perSection = Math.ceil((photos - PAGE_LIMITS.leadPhotos) / PAGE_LIMITS.sections);
  return {
    layout: 'filmstrip',
    palette: { background: '#f6f1e7', text: '#1f1d1a', accent: '#9c3d2e' },
    headline: 'h'.repeat(PAGE_LIMITS.headline),
    introduction: 'i'.repeat(PAGE_LIMITS.introduction),
    leadImageIds: refs.slice(0, PAGE_LIMITS.leadPhotos),
    sections: Array.from({ length: PAGE_LIMITS.sections }, (_, index) => ({
      title: 't'.repeat(PAGE_LIMITS.sectionTitle),
      caption: 'c'.repeat(PAGE_LIMITS.caption),
      imageIds: refs.slice(
        PAGE_LIMITS.leadPhotos + index * perSection,
        PAGE_LIMITS.leadPhotos + (index + 1) * perSection,
      ),
    })),
  };
}

/** Photos in the album the page bench designs: well past what one page call shows, so the cap is what is measured. */
const PAGE_ALBUM_PHOTOS = 300;

/**
 * One album page through the worker's own page designer composition and the real SDK to the strict
 * fake: the request's size and tokens as the fake bills them (280 per image at LOW, text at ~4
 * characters a token), the fake's answer, and the bound the output budget sets on a real answer.
 */
async function measurePage(images: Uint8Array[]): Promise<NonNullable<ModelRequestFigures['page']>> {
  const fake = await startFakeGemini({ apiKey: 'bench' });
  try {
    const designer = geminiPageDesigner({ GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: fake.url }, quietLogger);
    if (!designer) throw new Error('the page designer composition built no Gemini designer with a key set');
    const answer = await designer.design({
      title: 'Spring walks by the river',
      description: 'Blossom, bridges and long evening light along the water, over a few easy days.',
      photos: Array.from({ length: PAGE_ALBUM_PHOTOS }, (_, index) => ({
        ref: `p${index + 1}`,
        image: { bytes: images[index % images.length] as Uint8Array, mimeType: 'image/jpeg' },
        takenAt: new Date(Date.UTC(2026, 3, 1 + Math.floor(index / 60), 9, index % 60)),
        place: { city: index < 150 ? 'Porto' : 'Braga', country: 'Portugal' },
      })),
    });
    const [request] = fake.requests;
    const body = request?.body;
    const imagesSent = (body?.contents ?? [])
      .flatMap((content) => content.parts ?? [])
      .filter((part) => part.inlineData).length;
    const maxOutputTokens = Number(body?.generationConfig?.maxOutputTokens ?? 0);
    const inputTokens = answer.usage?.promptTokens ?? 0;
    const price = GEMINI_PRICES[DEFAULT_GEMINI_MODEL];
    const boundUsd = price
      ? (inputTokens * price.inputUsdPerMTok + maxOutputTokens * price.outputUsdPerMTok) / 1e6
      : 0;
    const costUsd = answer.usage?.estimatedCostUsd ?? 0;
    // The fake's design is short; a real one may fill every field to its limit.
    const fullDesignOutputTokens = Math.ceil(JSON.stringify(fullPageDesign(imagesSent)).length / 4);
    const fullUsd = price
      ? (inputTokens * price.inputUsdPerMTok + fullDesignOutputTokens * price.outputUsdPerMTok) / 1e6
      : 0;
    return {
      albumPhotos: PAGE_ALBUM_PHOTOS,
      imagesSent,
      imagesCap: MAX_PAGE_DESIGN_IMAGES,
      requestBytes: Buffer.byteLength(JSON.stringify(body)),
      inputTokens,
      outputTokens: answer.usage?.outputTokens ?? 0,
      maxOutputTokens,
      costPerPageUsd: costUsd,
      costPer1000PagesUsd: Number((costUsd * 1000).toFixed(4)),
      costPer1000PagesBoundUsd: Number((boundUsd * 1000).toFixed(4)),
      fullDesignOutputTokens,
      costPer1000FullPagesUsd: Number((fullUsd * 1000).toFixed(4)),
    };
  } finally {
    await fake.stop();
  }
}

/** Existing albums as the worker offers them: a title, a description, a span, a town and a real cover. */
function existingAlbums(covers: readonly Uint8Array[]): ExistingAlbum[] {
  return Array.from({ length: MAX_EXISTING_ALBUMS }, (_, index) => ({
    ref: `a${index + 1}`,
    title: `Spring walks by the river, part ${index + 1}`,
    description: 'Blossom, bridges and long evening light along the water, over a few easy days.',
    from: new Date(Date.UTC(2026, 3, 1 + index, 9)),
    until: new Date(Date.UTC(2026, 3, 2 + index, 19)),
    places: [{ city: 'Porto', country: 'Portugal' }],
    photoCount: 40 + index,
    madeByUser: index % 5 === 0,
    cover: { bytes: covers[index % covers.length] as Uint8Array, mimeType: 'image/jpeg' },
  }));
}

/** Captions and tags as a model writes them: one plain sentence, three to five search words. */
const SCENES = [
  [
    'A small brown dog runs along a sandy beach toward the waves under a pale evening sky.',
    'dog beach sunset waves sand',
  ],
  [
    'Two people share a plate of grilled sardines at a crowded outdoor table on a narrow street.',
    'dinner sardines street friends',
  ],
  [
    'A yellow tram climbs a steep cobbled hill between pastel houses with tiled facades.',
    'tram hill street houses tiles',
  ],
  ['Close-up of a birthday cake with lit candles on a kitchen table.', 'birthday cake candles kitchen'],
  [
    'A snowy mountain ridge at sunrise, seen from a wooden balcony with a mug of coffee in front.',
    'mountains snow sunrise balcony coffee',
  ],
  [
    'Children in raincoats jump into puddles on a park path lined with orange autumn trees.',
    'children rain puddles park autumn',
  ],
] as const;

/**
 * A realistic full answer for `photos` photos: the most albums a job makes (40), each with a title and
 * a description of the length asked for, every photo in one, and every photo described.
 */
function realisticFullAnswer(photos: number) {
  const refs = Array.from({ length: photos }, (_, index) => `p${index + 1}`);
  const perAlbum = Math.ceil(photos / MAX_ALBUMS_PER_JOB);
  return {
    albums: Array.from({ length: MAX_ALBUMS_PER_JOB }, (_, index) => ({
      title: `Evening light over the old harbour town, day ${index + 1}`,
      description:
        'Three slow days of tiled streets, river views and long dinners outside, from the first morning tram ride to the last sunset over the water.',
      photoIds: refs.slice(index * perAlbum, (index + 1) * perAlbum),
    })),
    photos: refs.map((id, index) => {
      const [caption, tags] = SCENES[index % SCENES.length] as (typeof SCENES)[number];
      return { id, caption, tags: tags.split(' ') };
    }),
  };
}

/**
 * One MAX_IMAGES_PER_JOB-photo job (the images cycled) through the real planner to the strict fake,
 * answered with the fake's valid plan, or with `answer` when given.
 */
async function measureJob(images: Uint8Array[], existing: readonly ExistingAlbum[] = [], answer?: unknown) {
  const fake = await startFakeGemini({ apiKey: 'bench' });
  if (answer !== undefined) fake.respondWith({ kind: 'json', value: answer });
  try {
    // The worker's own composition, pointed at the fake.
    const { planner } = organizerDependencies(
      { GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: fake.url },
      quietLogger,
    );
    const photos: PlannerPhoto[] = Array.from({ length: MAX_IMAGES_PER_JOB }, (_, index) => ({
      ref: `p${index + 1}`,
      image: { bytes: images[index % images.length] as Uint8Array, mimeType: 'image/jpeg' },
      takenAt: new Date(Date.UTC(2026, 4, 1 + Math.floor(index / 50), 10, index % 60)),
      place: { city: 'Porto', country: 'Portugal' },
      camera: 'Apple iPhone 15',
    }));
    const planned = await planner.plan(photos, existing);
    const [request] = fake.requests;
    return {
      bytes: Buffer.byteLength(JSON.stringify(request?.body)),
      inputTokens: planned.usage?.promptTokens ?? 0,
      outputTokens: planned.usage?.outputTokens ?? 0,
      costUsd: planned.usage?.estimatedCostUsd ?? 0,
      answerChars: JSON.stringify(planned.raw).length,
      maxOutputTokens: Number(request?.body?.generationConfig?.maxOutputTokens ?? 0),
    };
  } finally {
    await fake.stop();
  }
}

/** The package's photos, downloaded and unpacked once into a cache outside the repository. */
async function debianPhotos(ctx: BenchContext): Promise<{ folder: string; version: string }> {
  const { root, version } = await debianPackage(PACKAGE, PHOTO_FOLDER, (message) =>
    ctx.log(`model request: ${message}`),
  );
  return { folder: join(root, PHOTO_FOLDER), version };
}
