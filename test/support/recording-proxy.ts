/**
 * An HTTP proxy in front of the local app that writes down every request and answer, so a test can
 * check what a client in another process (the command-line client) really sent.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  /** The JSON body sent, undefined without one. */
  body: unknown;
  status: number;
  answer: unknown;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HOP_BY_HOP.has(name) && typeof value === 'string') headers[name] = value;
    }
    const method = request.method ?? 'GET';
    const upstream = await fetch(`${target}${request.url}`, {
      method,
      headers,
      ...(raw.length > 0 ? { body: raw } : {}),
    });
    const text = await upstream.text();
    const parse = (value: string) => {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    };
    exchanges.push({
      method,
      path: request.url ?? '/',
      headers,
      body: raw.length > 0 ? parse(raw.toString('utf8')) : undefined,
      status: upstream.status,
      answer: text ? parse(text) : undefined,
    });
    const answerHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') answerHeaders[name] = value;
    });
    response.writeHead(upstream.status, answerHeaders);
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
