import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1, so the model download path runs for real in tests.
 * transformers.js asks for `{remoteHost}{modelId}/resolve/{revision}/{file}`; this serves
 * `<root>/<modelId>/<file>` for those URLs and 404 for anything else, and records every request.
 */
export interface HubRequest {
  method: string;
  path: string;
  status: number;
}

export interface ModelHubServer {
  /** Use as `remoteHost`; ends with a slash. */
  url: string;
  requests: HubRequest[];
  close(): Promise<void>;
}

export interface ModelHubOptions {
  /** Accept connections but never answer, like a network that swallows packets. */
  stall?: boolean;
}

const RESOLVE_PATH = /^\/(.+)\/resolve\/[^/]+\/(.+)$/;

export async function startModelHub(root: string, options: ModelHubOptions = {}): Promise<ModelHubServer> {
  const requests: HubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    const record = (status: number) => requests.push({ method: req.method ?? 'GET', path, status });
    if (options.stall) {
      record(0);
      return;
    }
    const notFound = () => {
      record(404);
      res.writeHead(404).end('not found');
    };
    const match = RESOLVE_PATH.exec(path);
    const file = match ? normalize(join(root, match[1]!, match[2]!)) : undefined;
    // Paths that climb out of the root are refused like missing files.
    if (!file || !file.startsWith(normalize(root) + sep)) return notFound();
    stat(file).then((info) => {
      if (!info.isFile()) return notFound();
      record(200);
      res.writeHead(200, { 'content-length': String(info.size), 'content-type': 'application/octet-stream' });
      createReadStream(file).pipe(res);
    }, notFound);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        // Stalled requests would otherwise keep the server (and the test) alive.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
