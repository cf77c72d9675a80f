// The browser bundle check: each public entry of the package bundled by esbuild for the browser
// (platform browser, ES modules, minified, code splitting as an app's bundler does it), and two
// small apps that import from the root. Prints, per bundle, the bytes loaded at start (the entry
// chunk and what it imports statically) and the bytes in lazily loaded chunks (dynamic
// `import()`: the wasm and native backends, chosen by setBackend; Plot for the reports), raw and
// gzip, and whether the WebAssembly kernels are in the start bytes or only in a lazy chunk.
// Exits 1 if a bundle pulls in a Node.js built-in: the library loads those only through
// `process.getBuiltinModule` (src/platform/node-builtins.ts), never by import.
//
//   npm run bench -- --size          (or: node --import tsx bench/bundle-size.ts [--json])
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');

/** A bundle to measure: a public entry, or an app's source importing from the package. */
export interface BundleEntry {
  name: string;
  /** A file of this checkout (an entry of the package's exports map) … */
  file?: string;
  /** … or the source of an app, where `recurrent` is src/index.ts. */
  app?: string;
}

/** The package's entries (package.json exports, here from src/) and two apps using the root. */
export const ENTRIES: readonly BundleEntry[] = [
  { name: 'recurrent', file: 'src/index.ts' },
  { name: 'recurrent/text', file: 'src/text/index.ts' },
  { name: 'recurrent/timeseries', file: 'src/timeseries/index.ts' },
  { name: 'recurrent/word2vec', file: 'src/word2vec/index.ts' },
  { name: 'recurrent/onnx', file: 'src/onnx/index.ts' },
  { name: 'recurrent/audio', file: 'src/audio/index.ts' },
  { name: 'app: CharTokenizer from recurrent', app: "import { CharTokenizer } from 'recurrent';\nconsole.log(new CharTokenizer().tokenize('ab'));\n" },
  { name: 'app: LSTM from recurrent', app: "import { LSTM, randn, setBackend } from 'recurrent';\nawait setBackend('auto');\nconsole.log(new LSTM({ inputSize: 3, hiddenSize: 8 }).forward(randn([4, 1, 3]))[0].shape);\n" },
];

/** The module that embeds the WebAssembly kernels' bytes (base64). */
const KERNELS = 'src/backend/wasm/kernels.generated.ts';

export interface BundleSize {
  name: string;
  /** Bytes of the entry chunk and the chunks it imports statically: what loads at start. */
  startBytes: number;
  startGzip: number;
  /** Bytes of chunks loaded only by a dynamic import() reached at run time. */
  lazyBytes: number;
  lazyGzip: number;
  /** Where the wasm kernels' bytes are: in the start bytes, in a lazy chunk, or absent. */
  kernels: 'start' | 'lazy' | 'absent';
  /** Node.js built-ins imported, as "importer → module" (must be empty). */
  nodeBuiltins: string[];
  /** The largest inputs of the start bytes, [path, bytes in the output]. */
  largest: [string, number][];
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Records every import of a Node.js built-in (and keeps it external, so the build goes on). */
function builtinsRecorder(found: string[]): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        if (!BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
        found.push(`${relative(ROOT, args.importer)} → ${args.path}`);
        return { path: args.path, external: true };
      });
      // `recurrent` in an app's source is this checkout's root entry.
      b.onResolve({ filter: /^recurrent(\/.*)?$/ }, (args) => {
        const sub = args.path.slice('recurrent'.length);
        return { path: join(ROOT, 'src', sub ? `${sub.slice(1)}/index.ts` : 'index.ts') };
      });
    },
  };
}

/** Bundle one entry for the browser and measure it. */
export async function measureBundle(entry: BundleEntry): Promise<BundleSize> {
  const found: string[] = [];
  const outdir = mkdtempSync(join(tmpdir(), 'recurrent-bundle-'));
  try {
    const result = await build({
      ...(entry.file
        ? { entryPoints: [join(ROOT, entry.file)] }
        : { stdin: { contents: entry.app!, resolveDir: ROOT, sourcefile: 'app.ts', loader: 'ts' } }),
      absWorkingDir: ROOT,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      outdir,
      metafile: true,
      logLevel: 'silent',
      plugins: [builtinsRecorder(found)],
    });
    const meta: Metafile = result.metafile;
    const bytesOf = new Map(result.outputFiles.map((f) => [relative(ROOT, f.path), f.contents]));
    const entryOut = Object.keys(meta.outputs).find((o) => meta.outputs[o].entryPoint !== undefined && o.endsWith('.js'))!;
    // The start set: the entry chunk and, transitively, what it imports statically.
    const start = new Set<string>();
    const visit = (o: string) => {
      if (start.has(o)) return;
      start.add(o);
      for (const imp of meta.outputs[o].imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(entryOut);
    const js = Object.keys(meta.outputs).filter((o) => o.endsWith('.js'));
    const sum = (outs: string[], gz: boolean) => outs.reduce((s, o) => s + (gz ? gzipSync(bytesOf.get(o)!).length : bytesOf.get(o)!.length), 0);
    const lazy = js.filter((o) => !start.has(o));
    const inStart = (input: string) => [...start].some((o) => (meta.outputs[o].inputs[input]?.bytesInOutput ?? 0) > 0);
    const inLazy = (input: string) => lazy.some((o) => (meta.outputs[o].inputs[input]?.bytesInOutput ?? 0) > 0);
    const largest = new Map<string, number>();
    for (const o of start) for (const [input, v] of Object.entries(meta.outputs[o].inputs)) largest.set(input, (largest.get(input) ?? 0) + v.bytesInOutput);
    return {
      name: entry.name,
      startBytes: sum([...start], false),
      startGzip: sum([...start], true),
      lazyBytes: sum(lazy, false),
      lazyGzip: sum(lazy, true),
      kernels: inStart(KERNELS) ? 'start' : inLazy(KERNELS) ? 'lazy' : 'absent',
      nodeBuiltins: [...new Set(found)].sort(),
      largest: [...largest].sort((a, b) => b[1] - a[1]).slice(0, 5),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const json = argv.includes('--json');
  const sizes: BundleSize[] = [];
  for (const e of ENTRIES) sizes.push(await measureBundle(e));
  if (json) for (const s of sizes) console.log(JSON.stringify(s));
  else {
    console.log('browser bundles (esbuild, platform browser, minified, code splitting); start = loaded at import, lazy = dynamic import() chunks');
    console.log(`${'bundle'.padEnd(36)}${'start'.padStart(12)}${'gzip'.padStart(12)}${'lazy'.padStart(12)}${'gzip'.padStart(12)}  wasm kernels`);
    for (const s of sizes) {
      console.log(`${s.name.padEnd(36)}${kib(s.startBytes).padStart(12)}${kib(s.startGzip).padStart(12)}${kib(s.lazyBytes).padStart(12)}${kib(s.lazyGzip).padStart(12)}  ${s.kernels}`);
    }
    for (const s of sizes) {
      console.log(`  ${s.name}: largest at start: ${s.largest.map(([p, b]) => `${p.replace(/^node_modules\//, '')} ${kib(b)}`).join(', ')}`);
    }
  }
  const bad = sizes.filter((s) => s.nodeBuiltins.length > 0);
  for (const s of bad) console.error(`bundle-size: ${s.name} imports Node.js built-ins: ${s.nodeBuiltins.join(', ')}`);
  if (bad.length) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
