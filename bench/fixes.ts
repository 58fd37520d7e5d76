/**
 * What BENCHMARKS.md says about each missed budget (a concrete fix: file, change, expected effect)
 * and about figures without a budget. The expected effects were measured by one-off experiments on
 * this machine on 2026-11-24 (prototypes outside the repository, A/B in the same session); the
 * current figures come from results.json.
 */
import type { Results } from './results.ts';

const kb = (bytes: number) => `${Math.round(bytes / 1000)} KB`;

export function proposedFix(id: string, results: Results): string {
  const api = results.groups.api;
  const route = (name: string) => api?.routes.find((entry) => entry.route === name);
  switch (id) {
    case 'api.status.p99':
    case 'api.generate-urls.p99': {
      const isStatus = id === 'api.status.p99';
      const figures = route(isStatus ? 'status' : 'generate-urls');
      const why = `Why: 50 closed-loop connections against one Node process on two cores shared with PostgreSQL and
autocannon make latency ≈ 50 ÷ throughput (Little's law): p50 ${figures?.p50Ms} ms at ${figures?.requestsPerSecond} req/s, so
p99 < 20 ms at 50 connections needs well over 2,500 req/s (50 ÷ 20 ms) from this process. One request alone is
fast: at one connection p50 ${figures?.single.p50Ms} ms, p99 ${figures?.single.p99Ms} ms — and in AWS each Lambda instance
serves one request at a time, so that is the latency a user sees there.`;
      if (isStatus) return `${why} Fixed by memoizing the per-request user upsert (see "Before").`;
      return `${why} Each request inserts 10 rows and signs 10 upload URLs with \`getSignedUrl\`.

Applied: **\`postgres-user-repository.ts\` memoizes \`users.ensure\` per container**, so an authenticated request no
longer writes the user row (a row lock and a WAL flush each time) — status went from a miss to a pass, and
generate-urls from the "Before" figure to the one above.
Still open, in order of effect:
1. **\`lambdas/adapters/s3/s3-photo-storage.ts\`: sign upload URLs with one \`S3RequestPresigner\`** built once from the
   client's region and credentials (an \`HttpRequest\` per key) instead of \`getSignedUrl\`, which runs the whole
   command middleware stack and the S3 endpoint rules for every URL: 2,000 signatures 310 → 70 ms (4.4 ×) in a
   prototype. Keep the signed \`content-type\`/\`content-length\` headers and no checksum parameter (a test asserts both).
2. \`lambdas/adapters/local/local-jwt.ts\` (local runtime only): cache verified tokens until \`exp\`.
Expected with both: ≈ 1,000 req/s, p99 still ≈ 50–80 ms at 50 connections on this machine — one process on two cores
shared with PostgreSQL and the load generator; the budget is not reachable here as stated. In AWS each Lambda
instance serves one request at a time, which is the "one connection" figure (p99 ${figures?.single.p99Ms} ms, a pass):
restate the budget per instance, or as throughput (e.g. ≥ 500 req/s per process).`;
    }
    case 'cold.api-bundle': {
      const cold = results.groups.coldStart;
      const status = cold?.handlers.find((handler) => handler.name === 'http/get-job-status');
      return `Why: every API handler bundles the S3 and SQS clients and \`@aws-sdk/rds-signer\`'s credential chain
(\`@smithy/core\`, STS/SSO \`nested-clients\`) because the stack bundles the SDK (\`bundleAwsSDK: true\`, so tested versions
are deployed versions) and every handler goes through \`lambdas/composition/shared.ts\`. Without the SDK (the "SDK left
to the runtime" column) a handler is ${status ? kb(status.bytesSdkExternal) : '≈ 300 KB'}: Kysely (≈ 160 KB) and pg (≈ 80 KB) alone are ≈ 240 KB, the floor
of any handler that queries PostgreSQL.

Applied: **\`zod/mini\` instead of classic zod in \`lambdas/\`** (with only the English locale): −428 KB in every
handler (see "Before").
Still open:
1. **Route-scoped composition**: split \`lambdas/composition/shared.ts\`/\`http.ts\` into database, storage and queue
   parts so that database-only routes (status, health, album edits) stop bundling the S3/SQS clients: ≈ −280 KB each
   while the SDK is bundled.
2. **\`bundleAwsSDK: false\`** for the API functions (\`lib/constructs/node-function.ts\`): ≈ 300 KB each, at the price of
   running on whatever SDK version the Lambda runtime ships.
Even with both, no database handler goes under 250 KB while Kysely and pg are bundled. Proposed budget:
**< 320 KB per API handler without the SDK** (met today by every handler) and import under 100 ms.`;
    }
    default:
      return 'No analysis written for this budget yet: see the figures above.';
  }
}

export function findings(results: Results): string[] {
  const out: string[] = [];
  const gallery = results.groups.api?.routes.find((entry) => entry.route === 'gallery');
  if (gallery) {
    const codes = gallery.statusCodes
      ? ` and ${Object.entries(gallery.statusCodes)
          .filter(([code]) => !code.startsWith('2'))
          .map(([code, n]) => `${n} × ${code}`)
          .join(', ')}`
      : '';
    out.push(
      `**Gallery of 1,000 photos** takes ${gallery.single.p50Ms} ms per request on its own (one connection); a CPU profile
once spent three quarters of it in \`getSignedUrl\` for the 2,000 URLs; download URLs are now signed once per 15-minute window and reused. With 50 people opening it at once the local
server answers p50 ${gallery.p50Ms} ms${codes} (pool checkouts time out after 5 s while the event loop is busy signing).
Next: page albums (\`GET /api/galleries/me\` returns 1.2 MB of JSON for 1,000 photos).`,
    );
  }
  const e2e = results.groups.e2e;
  if (e2e) {
    out.push(
      `**Previews are ${kb(e2e.album.previewMedianBytes)} each** (1,024 px JPEG q80): ${(e2e.album.previewBytes / 1e6).toFixed(1)} MB
to show an album of 100. The album grid shows tiles of a few hundred pixels; on the same test photo a 512 px JPEG
q75 is 30 KB and a 1,024 px WebP q75 48 KB (vs 102 KB). Proposed: a second 512 px grid rendition written by the worker
(\`sharp-image-analyzer.ts\`, one more encode from the raw buffer it already has, ≈ +10 ms a photo) and used for
the grid, the 1,024 px one for the lightbox — ≈ 3 MB instead of ${(e2e.album.previewBytes / 1e6).toFixed(1)} MB per 100 photos.
(The synthetic photos carry sensor-like grain, so real photos compress somewhat better.)`,
    );
  }
  const worker = results.groups.worker?.runs.find((run) => run.photos === 100);
  if (worker) {
    const decode = worker.phases['decode/resize'];
    out.push(
      `**Worker:** decoding and resizing keeps ${decode ? Math.round((decode.busyMs / (worker.medianSeconds * 1000)) * 100) : '—'} % of the
100-photo job busy; reading originals and writing previews overlap with it (two photos at a time). The model call
is one request of ${results.groups.model ? (results.groups.model.requestBodyBytes / 1e6).toFixed(0) : '—'} MB for 500 photos; with the real
model its latency (not measured here: the fake answers at once) adds to these seconds.`,
    );
  }
  const worker500 = results.groups.coldStart?.handlers.find((handler) => handler.kind === 'sqs');
  if (worker500) {
    out.push(
      `**Worker bundle** is ${kb(worker500.bytes)} (import ${worker500.importMs} ms): zod, \`@google/genai\` (418 KB) and
\`google-auth-library\` (111 KB, pulled by the SDK even with an API key) lead. It is one cold start per job, not per
request, so it matters far less than the API's.`,
    );
  }
  return out;
}
