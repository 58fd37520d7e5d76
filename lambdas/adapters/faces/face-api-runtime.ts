/**
 * The heavy half of the face reader: face-api and TensorFlow.js (about 3 MB of JavaScript), imported
 * only by the first face read. In AWS it is a bundle of its own beside the function's
 * (`face-runtime.mjs`, lib/constructs/bundling.ts), so that a cold start of ingest or the worker — and
 * every photo of a user who never turned people recognition on — does not parse it.
 */
export * as tf from '@tensorflow/tfjs';
export * as wasm from '@tensorflow/tfjs-backend-wasm';
export * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
