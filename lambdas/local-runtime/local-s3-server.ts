/**
 * An S3-compatible endpoint on loopback (s3rver): presigned PUT/GET, CORS for the web page, data
 * kept on disk. It does not verify SigV4 signatures, so tests assert what the URLs contain instead.
 */
import type { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';

export interface LocalS3Options {
  directory: string;
  port: number;
  bucket: string;
  /** Origins allowed to PUT and GET from a browser (the local web app). */
  allowedOrigins: string[];
  /**
   * s3rver's documented hook: every object event, as an S3 event notification (`{ Records: [...] }`),
   * emitted once the object is stored.
   */
  onEvent?: (notification: { Records: unknown[] }) => void;
}

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startLocalS3(options: LocalS3Options): Promise<RunningS3> {
  await mkdir(options.directory, { recursive: true });
  const origins = options.allowedOrigins.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('');
  const cors = `<CORSConfiguration><CORSRule>${origins}<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [cors] }],
  });
  // The types omit it, but S3rver is a Koa application, and so an EventEmitter.
  if (options.onEvent) (server as unknown as EventEmitter).on('event', options.onEvent);
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
