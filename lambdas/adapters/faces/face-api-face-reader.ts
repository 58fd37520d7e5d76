/**
 * FaceReader on @vladmandic/face-api (MIT) running on TensorFlow.js's WebAssembly backend: no native
 * build, and every weight ships inside the npm package, so nothing is downloaded at run time.
 *
 * Models (BENCHMARKS.md, "Content analysis", has the figures that chose them):
 * - Tiny Face Detector (face-api.js, MIT), at 512 px (the model rendition's own size: at 416 px it
 *   found 20 of the 22 faces in face-api's six group photos, at 512 px 21; the SSD MobileNet detector
 *   finds all 22 but costs ~350–400 ms a photo; the tiny one about 110 ms a photo and 260 ms with
 *   several faces, with landmarks and descriptors (BENCHMARKS.md, "Content analysis")).
 * - The 68-point landmark net (face-api.js, MIT) aligns each face before it is described.
 * - dlib's ResNet face descriptor (Davis King, public domain): 128 numbers per face; the same
 *   person's faces lie within ~0.2 of each other, different people's ~0.5 and more (people.ts).
 *
 * TensorFlow.js runs one thread here: a Lambda function of 1,769 MB has one vCPU, and the figures
 * above are per core. Models load on the first photo read, not when this module is imported.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FaceReaderUnavailableError } from '../../core/errors.ts';
import type { FaceReader, FoundFace } from '../../core/ports.ts';

type Runtime = typeof import('./face-api-runtime.ts');
type FaceApi = Runtime['faceapi'];
type TensorFlow = Runtime['tf'];

/**
 * Where the runtime module is when nothing says otherwise: beside this file. The specifier is built at
 * run time on purpose, so that bundlers leave it out of the function's bundle (see face-api-runtime.ts).
 */
const LOCAL_RUNTIME = new URL(['.', 'face-api-runtime.ts'].join('/'), import.meta.url).href;

export interface FaceApiReaderOptions {
  /** The directory holding face-api's model files; default: the installed package's `model/`. */
  modelDirectory?: string;
  /** The directory holding TensorFlow.js's .wasm binaries; default: the installed backend's `dist/`. */
  wasmDirectory?: string;
  /** The module exporting face-api and TensorFlow.js (a path or URL); default: face-api-runtime.ts. */
  runtimeModule?: string;
  /** A detection scoring below this is not a face. Default 0.5. */
  minScore?: number;
  /** The detector's input size (a multiple of 32). Default 512. */
  inputSize?: number;
  /** Faces narrower than this share of the picture are too small to describe reliably. Default 0.04. */
  minFaceWidth?: number;
}

const DEFAULTS = { minScore: 0.5, inputSize: 512, minFaceWidth: 0.04 };

export function createFaceApiReader(options: FaceApiReaderOptions = {}): FaceReader {
  const settings = { ...DEFAULTS, ...options };
  let loading: Promise<{ faceapi: FaceApi; tf: TensorFlow }> | undefined;
  return {
    async read(image: Uint8Array): Promise<FoundFace[]> {
      loading ??= loadFaceApi(options).catch((error: unknown) => {
        loading = undefined;
        throw new FaceReaderUnavailableError(`the face models could not be loaded: ${String(error)}`, {
          cause: error,
        });
      });
      const { faceapi, tf } = await loading;
      const sharp = (await import('sharp')).default;
      const { data, info } = await sharp(image)
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const pixels = tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
      try {
        const found = await faceapi
          .detectAllFaces(
            pixels,
            new faceapi.TinyFaceDetectorOptions({
              inputSize: settings.inputSize,
              scoreThreshold: settings.minScore,
            }),
          )
          .withFaceLandmarks()
          .withFaceDescriptors();
        return found
          .map(({ detection, descriptor }) => ({
            box: clampBox(detection.relativeBox),
            score: round(detection.score, 3),
            descriptor: Array.from(descriptor, (value) => round(value, 5)),
          }))
          .filter((face) => face.box.width >= settings.minFaceWidth);
      } finally {
        pixels.dispose();
      }
    },
  };
}

async function loadFaceApi(options: FaceApiReaderOptions): Promise<{ faceapi: FaceApi; tf: TensorFlow }> {
  const require = createRequire(import.meta.url);
  const modelDirectory =
    options.modelDirectory ?? join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const wasmDirectory =
    options.wasmDirectory ??
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const runtime: Runtime = await import(
    options.runtimeModule ? pathToFileURL(options.runtimeModule).href : LOCAL_RUNTIME
  );
  // face-api's Node build runs on the @tensorflow/tfjs it requires: the same module instance as `tf`.
  const { tf, wasm, faceapi } = runtime;
  // One thread: see the module comment. The path must end with a slash: it is a prefix.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(`${wasmDirectory}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its WASM backend');
  await tf.ready();
  await Promise.all([
    faceapi.nets.tinyFaceDetector.loadFromDisk(modelDirectory),
    faceapi.nets.faceLandmark68Net.loadFromDisk(modelDirectory),
    faceapi.nets.faceRecognitionNet.loadFromDisk(modelDirectory),
  ]);
  return { faceapi, tf };
}

function clampBox(box: { x: number; y: number; width: number; height: number }): FoundFace['box'] {
  const x = Math.min(1, Math.max(0, box.x));
  const y = Math.min(1, Math.max(0, box.y));
  return {
    x: round(x, 4),
    y: round(y, 4),
    width: round(Math.min(1 - x, Math.max(0, box.width)), 4),
    height: round(Math.min(1 - y, Math.max(0, box.height)), 4),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
