/**
 * `recurrent serve [--port N]`: the live page of site/ (vanishing gradients, made visible, and a
 * character model) on 127.0.0.1 only. Nothing is fetched from anywhere: the page, its worker and
 * the library (dist/) come from this package's folder.
 *
 * Routes, each also under /plain/ without the isolation headers:
 *   /             site/index.html, cross-origin isolated (COOP same-origin, COEP require-corp),
 *                 so the worker gets SharedArrayBuffer and the wasm build on shared memory;
 *   /plain/       the same page not isolated: the wasm backend's one-thread build on unshared
 *                 memory (src/backend/wasm/memory-kind.ts);
 *   /site/…, /dist/…  files of the package;
 *   /@pkg/<name>/…  files of a dependency the library imports by bare name (csv-parse/sync):
 *                 module workers have no import maps, so bare names in served JavaScript are
 *                 rewritten to the URLs of the files Node resolves them to from this package.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { int } from '../flags.js';
import { IOError, ValueError } from '../../errors.js';

/** The package's folder: three levels above this file, in src/cli/commands or dist/cli/commands. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Folders of the package the server hands out; anything else is a 404. */
const SERVED = ['site', 'dist'];
/** The default port (any free one with 0). */
export const SERVE_DEFAULT_PORT = 8177;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Bare names whose Node build needs Node (csv-parse's uses Buffer), mapped to their package's
 * browser build, as a page's import map would (see test/browser.test.ts).
 */
const BROWSER_BUILDS: Record<string, string> = { 'csv-parse/sync': 'csv-parse/browser/esm/sync' };

/** Folders of the dependencies resolved so far, by package name: only these are served under /@pkg/. */
const packages = new Map<string, string>();

/**
 * The URL path of the file a bare module name resolves to from this package, as Node resolves it
 * (exports map, "import" condition): /@pkg/<name>/<path in that package>, so that the file's
 * relative imports resolve beside it. Null when it does not resolve to JavaScript.
 */
function dependencyPath(spec: string): string | null {
  const m = /^((?:@[\w.-]+\/)?[\w.-]+)(\/[\w./-]*)?$/.exec(spec);
  if (!m || spec.includes('..')) return null;
  let file: string;
  try {
    const url = import.meta.resolve(BROWSER_BUILDS[spec] ?? spec);
    if (!url.startsWith('file:')) return null;
    file = fileURLToPath(url);
  } catch {
    return null;
  }
  if (!/\.m?js$/.test(file)) return null;
  const name = m[1];
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return null;
  const dir = file.slice(0, at + marker.length - 1);
  packages.set(name, dir);
  return `/@pkg/${name}/${file.slice(dir.length + 1).split(sep).join('/')}`;
}

/**
 * `src` with every bare module name in its static imports and exports (`from 'x'`, `import 'x'`)
 * replaced by the URL of its file (see dependencyPath) under `prefix`; relative, absolute and
 * `node:` names, and names that do not resolve, stay.
 */
export function rewriteBareImports(src: string, prefix: string): string {
  return src.replace(/^(\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?)(['"])([^'"./][^'"]*)\2/gm, (all, head: string, q: string, spec: string) => {
    if (spec.includes(':')) return all;
    const path = dependencyPath(spec);
    return path ? `${head}${q}${prefix}${path}${q}` : all;
  });
}

/** A file of a dependency resolved before (/@pkg/<name>/<path>), or null. */
function dependencyFile(path: string): string | null {
  const m = /^\/@pkg\/((?:@[\w.-]+\/)?[\w.-]+)\/(.+)$/.exec(path);
  const dir = m && packages.get(m[1]);
  if (!m || !dir) return null;
  const file = normalize(join(dir, m[2]));
  return file.startsWith(dir + sep) && /\.m?js$/.test(file) && existsSync(file) && statSync(file).isFile() ? file : null;
}

/** The package file behind `path` (a URL path without the /plain prefix), or null. */
function packageFile(path: string): string | null {
  if (path === '/' || path === '/index.html') return join(ROOT, 'site', 'index.html');
  let rel: string;
  try {
    rel = decodeURIComponent(path);
  } catch {
    return null;
  }
  const file = normalize(join(ROOT, rel));
  if (!SERVED.some((d) => file.startsWith(join(ROOT, d) + sep))) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const plain = url.pathname === '/plain' || url.pathname.startsWith('/plain/');
  const prefix = plain ? '/plain' : '';
  const path = plain ? url.pathname.slice('/plain'.length) || '/' : url.pathname;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...(plain ? {} : ISOLATION) };
  // Only this machine's names: a page elsewhere that rebinds its DNS name to 127.0.0.1 sends its own.
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost') {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden: expected Host 127.0.0.1 or localhost\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  if (plain && url.pathname === '/plain') {
    res.writeHead(301, { ...headers, Location: '/plain/' }).end();
    return;
  }
  const file = path.startsWith('/@pkg/') ? dependencyFile(path) : packageFile(path);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${url.pathname.slice(0, 200)}\n`);
    return;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  let body: Buffer | string = readFileSync(file);
  if (type.startsWith('text/javascript')) body = rewriteBareImports(body.toString('utf8'), prefix);
  res.writeHead(200, { ...headers, 'Content-Type': type });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A running page server: its address and how to stop it. */
export interface SiteServer {
  /** The isolated page, such as http://127.0.0.1:8177/ ; the plain one is `${url}plain/`. */
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serve the page on 127.0.0.1:`port` (0: any free port). Rejects with a ValueError when
 * dist/ is not built, an IOError when the port is taken.
 */
export async function startSiteServer(port = SERVE_DEFAULT_PORT): Promise<SiteServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValueError(`serve: expected a port in 0 … 65535, got ${port}`);
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new ValueError(`serve: ${join(ROOT, 'dist')} is not built; run npm run build`);
  if (!existsSync(join(ROOT, 'site', 'index.html'))) throw new ValueError(`serve: ${join(ROOT, 'site', 'index.html')} is missing from the package`);
  const server = createServer(handle);
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? new ValueError(`serve: port ${port} on 127.0.0.1 is in use; pass --port N (or 0 for any free port)`) : new IOError('open', `127.0.0.1:${port}`, e.code ?? 'UNKNOWN', { what: 'serve', detail: e.message })));
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    server,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the live page (vanishing gradients on the adding problem, a character model) on 127.0.0.1')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', int, SERVE_DEFAULT_PORT)
    .action(async (o: { port: number }) => {
      const s = await startSiteServer(o.port);
      process.stdout.write(`recurrent serve: ${s.url} (cross-origin isolated: wasm on shared memory)\n`);
      process.stdout.write(`                 ${s.url}plain/ (not isolated: wasm on unshared memory, one thread)\n`);
      process.stdout.write('Ctrl-C stops.\n');
    });
}
