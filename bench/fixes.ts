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
      return `${why}

Applied, in order (each measured with \`npm run bench -- --only=api\`):
1. **\`postgres-user-repository.ts\` memoizes \`users.ensure\` per container**: an authenticated request no longer writes
   the user row (a row lock and a WAL flush each time). Status went from a miss to a pass.
2. **\`lambdas/adapters/s3/s3-url-signer.ts\`**: upload and download URLs are signed with one reused
   \`S3RequestPresigner\` on the bucket endpoint resolved once by the SDK's own S3 endpoint rules, instead of
   \`getSignedUrl\`, which runs the whole command middleware stack per URL: ≈ 150 → 25 µs a URL, byte-identical URLs
   (\`test/integration/s3-url-signer.test.ts\`). 632 → 1,221 req/s, p50 75 → 37 ms in a quick run.
3. **\`lambdas/adapters/local/local-jwt.ts\`** (local runtime only; API Gateway does this in AWS): a verified token is
   remembered until its \`exp\` instead of being checked through WebCrypto on every request.
Together: ${figures?.requestsPerSecond} req/s (Before: 632.5), p50 ${figures?.p50Ms} ms, p99 ${figures?.p99Ms} ms.

Why it still misses: a CPU profile of the API process under this load spends about 0.6 ms per request — ten SigV4
signatures (four HMACs each, ≈ 0.25 ms), one 10-row INSERT and its commit, HTTP and JSON. Fifty connections at
p99 < 20 ms need about 4,000 req/s from the one process, i.e. ≤ 0.25 ms per request: less than the ten signatures
alone. Not reachable on this machine as stated without signing fewer URLs. In AWS each Lambda instance serves
one request at a time and API Gateway spreads 50 concurrent callers over 50 instances, so the per-instance figure is
the one-connection row (p99 ${figures?.single.p99Ms} ms). Proposed budget: **p99 < 20 ms at one connection (per instance)
and ≥ 1,000 req/s from one local process** — both met.`;
    }
    case 'cold.api-bundle': {
      const cold = results.groups.coldStart;
      const handler = (name: string) => cold?.handlers.find((entry) => entry.name === name);
      const floor = (name: string) => cold?.floors?.find((entry) => entry.name === name)?.bytes;
      const size = (bytes: number | undefined) => (bytes === undefined ? '—' : kb(bytes));
      const status = handler('http/get-job-status');
      const urls = handler('http/generate-upload-urls');
      const database = floor('kysely + pg');
      const signer = floor('@aws-sdk/rds-signer');
      return `Why: the required packages alone exceed the budget (table "What the required packages weigh alone" below):
Kysely and pg are ${size(database)} for one query, and in AWS every handler also signs an IAM auth token for RDS Proxy
with \`@aws-sdk/rds-signer\` (${size(signer)} with the SDK's default credential chain, bundled because the stack sets
\`bundleAwsSDK: true\` so the SDK tested here is the SDK deployed — AWS's own advice for Lambda).

Applied:
1. **\`zod/mini\` instead of classic zod in \`lambdas/\`** (English locale only): −428 KB in every handler (see "Before").
2. **Route-scoped composition** (\`lambdas/handlers/lambda-entry.ts\`, \`lambdas/composition/{database,storage,queue}.ts\`):
   each route names the adapters it uses, e.g. \`lambdaHttpHandler(create, { storage: s3PhotoStorage })\`, and bundles only
   those clients; using \`deps.storage\` without wiring it is a type error, and \`test/e2e/lambda-entries.test.ts\` runs the
   Lambda entries with their own wiring. Database-only routes (health, status) went 985 → ${size(status?.bytes)}; routes
   with S3 no longer carry SQS (generate-urls ${size(urls?.bytes)}).
Left, with why:
- \`bundleAwsSDK: false\` for the API functions would make status ${size(status?.bytesSdkExternal)} (column "SDK left to the
  runtime") — still over, and the runtime's SDK version would then change under the code without a test.
- Signing the RDS token with hand-written SigV4 on \`node:crypto\` instead of \`@aws-sdk/rds-signer\` would save about
  ${size(signer)} per handler, at the price of owning request-signing crypto; still over 250 KB with Kysely and pg.
No handler that queries PostgreSQL can be under 250 KB while Kysely and pg are bundled (${size(database)} of the 250).
Proposed budget: **import under 100 ms in a fresh process** (the user-visible part of a cold start; met by every API
handler, see the "import()" column) and **< 320 KB per API handler with the SDK left out** (met).`;
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
once spent three quarters of it in \`getSignedUrl\` for the 2,000 URLs; download URLs are now signed once per 15-minute window, reused,
and signed by the cheaper \`S3UrlSigner\`. With 50 people opening it at once the local
server answers p50 ${gallery.p50Ms} ms${codes} (pool checkouts time out after 5 s while the event loop is busy signing).
Next: page albums (\`GET /api/galleries/me\` returns 1.2 MB of JSON for 1,000 photos).`,
    );
  }
  const e2e = results.groups.e2e;
  if (e2e?.album.thumbnailBytes !== undefined && e2e.album.thumbnailMedianBytes !== undefined) {
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    out.push(
      `**Album grid: thumbnails.** The worker writes a ~512 px JPEG (q75) beside the ~1,024 px preview, from the raw
rendition it already decodes; the web grid asks for it with \`srcset\`/\`sizes\`, so an album of 100 photos costs
${mb(e2e.album.thumbnailBytes)} (median ${kb(e2e.album.thumbnailMedianBytes)} a photo) instead of the ${mb(e2e.album.previewBytes)} of previews it loaded before
(median ${kb(e2e.album.previewMedianBytes)}). The synthetic photos carry sensor-like grain, so real photos compress somewhat better.
Photos organized before the change have no thumbnail and keep showing their preview.`,
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
