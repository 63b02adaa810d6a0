/**
 * Serves the built app (`dist/`) read-only: GET and HEAD, the right
 * Content-Type, `index.html` for directories, and nothing outside the root
 * (a `..` segment, encoded or not, is refused with 403; a NUL byte with 400).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Content types by file extension; anything else is `application/octet-stream`. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * A request handler serving files under `root`. Resolves once the response
 * is sent (200, 304-free; 400, 403, 404, 405 with a short text body).
 */
export function staticFiles(root: string): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const base = resolve(root);
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(response, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    }
    const rawPath = (request.url ?? '/').split('?')[0]!.split('#')[0]!;
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return plain(response, 400, 'bad request: malformed percent-encoding');
    }
    if (path.includes('\0')) return plain(response, 400, 'bad request');
    if (path.split(/[/\\]/).includes('..')) return plain(response, 403, 'forbidden');
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return plain(response, 403, 'forbidden');
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return plain(response, 404, 'not found');
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'X-Content-Type-Options': 'nosniff',
      // Vite's hashed bundles never change; pages must be revalidated.
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        response.destroy();
        done();
      });
      stream.on('end', done);
      stream.pipe(response);
    });
  };
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  response.end(`${text}\n`);
}
