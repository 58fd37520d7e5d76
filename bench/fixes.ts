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
      const users = `**\`lambdas/adapters/postgres/postgres-user-repository.ts\` / \`lambdas/composition/http.ts\`: stop writing the
user row on every request.** \`users.ensure\` upserts (a write, a WAL flush, a lock on the same \`users\` row) on every
authenticated request. Memoize it per container (\`Map<subject, Promise<User>>\` in the http composition, dropping an
entry whose promise rejects), or \`SELECT\` first and upsert only when missing, refreshing \`last_seen_at\` at most
hourly. It also saves one RDS Proxy round trip per request in AWS.`;
      if (isStatus)
        return `${why} A CPU profile of the route under load: the per-request user upsert, the local JWT check
(jose's HS256 through WebCrypto, ≈ 23 % of the process's busy CPU) and socket writes.

Fixes:
1. ${users} A/B prototype (same session, alternated): status 1,266–2,173 → 4,706–7,833 req/s,
   p99 48–109 → 20–31 ms.
2. **\`lambdas/adapters/local/local-jwt.ts\` (local runtime only; API Gateway checks the JWT in AWS): cache verified
   tokens** (token → claims until \`exp\`, a few hundred entries) or verify HS256 synchronously with \`node:crypto\`
   \`createHmac\`. A/B on its own: 1,266 → 1,532 req/s (one pair; this machine's noise is of that order).
Expected with both: p99 ≈ 20–30 ms at 50 connections here — at the budget's edge on this shared machine. If the
budget is meant as what users see on AWS, state it per instance (one connection: p99 ${figures?.single.p99Ms} ms today, a pass).`;
      return `${why} Each request also signs 10 URLs with \`getSignedUrl\` and inserts 10 rows.

Fixes:
1. ${users} A/B prototype: generate-urls 350–484 → 558–644 req/s, p99 186–446 → 136–161 ms.
2. **\`lambdas/adapters/s3/s3-photo-storage.ts\`: sign with one \`S3RequestPresigner\`** built once from the client's
   region and credentials (an \`HttpRequest\` per key) instead of \`getSignedUrl\`, which runs the whole command
   middleware stack and the S3 endpoint rules for every URL: 2,000 signatures 310 → 70 ms (4.4 ×). Keep the signed
   \`content-type\`/\`content-length\` headers and no checksum parameter (the existing test asserts both).
3. The local JWT cache proposed for the status miss.
Expected with 1–3: ≈ 1,000 req/s, p99 still ≈ 50–80 ms at 50 connections on this machine (ten row inserts and ten
signatures per request on one process); the budget is not reachable here as stated. Restate it per instance
(one connection: p99 ${figures?.single.p99Ms} ms today, a pass) or as throughput (e.g. ≥ 500 req/s per process).`;
    }
    case 'cold.api-bundle': {
      const cold = results.groups.coldStart;
      const status = cold?.handlers.find((handler) => handler.name === 'http/get-job-status');
      return `Why: every API handler bundles the same ${status ? kb(status.bytes) : '≈1.4 MB'}, whatever it does
(health included), because (a) classic \`zod\` is not tree-shakeable — one \`z.uuid()\` pulls all 454 KB;
(b) every handler imports \`lambdas/composition/http.ts\` → \`shared.ts\`, which imports the S3 client, the presigner,
the SQS client and every repository; (c) \`@aws-sdk/rds-signer\` (aws-database.ts) pulls the whole default credential
chain (\`@smithy/core\`, STS/SSO \`nested-clients\`, \`bowser\`) — and the stack bundles the SDK (\`bundleAwsSDK: true\`).
The floor is Kysely (161 KB) + pg (≈ 85 KB): any handler that queries PostgreSQL is ≈ 250 KB before its own code.

Fixes (each measured by bundling a prototype of \`get-job-status\` with the settings above):
1. **\`lambdas/config.ts\`, \`lambdas/handlers/http/*.ts\`: \`import * as z from 'zod/mini'\`** (zod 4's
   tree-shakeable API: \`z.string().check(z.minLength(1))\`, \`z._default(...)\`, \`z.optional(...)\`). The validators the
   app uses weigh 26 KB instead of 454 KB: **−428 KB in every handler**, import −24 ms.
2. **Route-scoped composition: split \`lambdas/composition/shared.ts\`/\`http.ts\` into \`database.ts\` (Kysely +
   repositories), \`storage.ts\` (S3) and \`queue.ts\` (SQS), and let each handler import only its own** (e.g.
   \`lambdaHttpHandler(create, databaseDependencies)\` for status). Status without S3/SQS: 1,409 → 1,126 KB,
   import 98 → 68 ms.
3. **\`lambdas/composition/aws-database.ts\`: replace \`@aws-sdk/rds-signer\` with a ~40-line SigV4 query presign on
   \`node:crypto\`** (\`Action=connect&DBUser=…\`, service \`rds-db\`, 900 s) over the credentials Lambda puts in the
   environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); pin it with a unit test against
   rds-signer's output for a fixed clock. Status with 1 + 2 + 3: ≈ 290 KB, import ≈ 35 ms (1.3 × an empty process,
   from ${status ? `${status.importVsBaseline} ×` : '≈ 5 ×'} today).
4. Routes that call S3 (generate-urls, process, gallery, library, delete-image) keep \`@aws-sdk/client-s3\` +
   \`@smithy/core\` (≈ 400 KB) while the SDK is bundled; with it left to the runtime (\`bundleAwsSDK: false\` for the
   API functions in \`lib/constructs/node-function.ts\`) they land at ≈ 300 KB (measured: generate-urls without zod
   and SDK 275 KB). The stack bundles the SDK on purpose (tested versions = deployed versions), so that is a trade-off
   for the owner.
With 1–3 no DB handler can go under 250 KB while Kysely and pg are bundled (≈ 250 KB by themselves): propose the
budget as **< 300 KB for database-only handlers** (cold import ≈ 35 ms) and **< 700 KB for S3 handlers with the SDK
bundled**, or keep 250 KB and ship \`kysely\`/\`pg\` as \`nodeModules\` (smaller bundle, same cold start — not advised).`;
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
puts about three quarters of it in \`getSignedUrl\` for the 2,000 URLs (SDK middleware, S3 endpoint rules, GC). With 50 people opening it at once the local
server answers p50 ${gallery.p50Ms} ms${codes} (pool checkouts time out after 5 s while the event loop is busy signing).
Fix: sign with one \`S3RequestPresigner\` in \`lambdas/adapters/s3/s3-photo-storage.ts\` (2,000 URLs 310 → 70 ms), and
consider paging albums (\`GET /api/galleries/me\` returns 1.2 MB of JSON for 1,000 photos).`,
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
