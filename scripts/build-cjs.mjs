// Builds the CommonJS twin of the ESM build: dist/cjs/ mirrors dist/ file for file (the CLI
// and the worker entries aside), so `require('recurrent')` and `require('recurrent/text')` share
// one copy of each module, as the ESM entries do (one Tensor class, one current backend, errors
// that pass `instanceof` whichever entry made them). dist/cjs/package.json says
// `"type": "commonjs"`, so the .js files there are CommonJS and the .d.ts files beside them
// (copies of dist/'s) are read by TypeScript as CommonJS types.
//
// Each dist/X.js (tsc's ESM output) becomes dist/cjs/X.js through esbuild's per-file transform,
// after three rewrites that the CommonJS format needs:
// - `import.meta.url` becomes the URL of the ESM twin dist/X.js, so paths resolved from it stay
//   the same: the worker entries (dist/backend/wasm/worker.js, dist/word2vec/worker.js, which
//   are ESM and stay so; a worker is its own module graph) and the native addon
//   (native/build/Release, three levels above dist/backend/native).
// - `import.meta.resolve(s)` becomes `require.resolve(s)` as a file URL (only reached when
//   running from .ts sources, never from dist; rewritten so no `import.meta` is left).
// - a relative `import('./x.js')` becomes a `require` in a promise, so lazily loaded modules
//   (the backends, chosen by setBackend) come from the same CommonJS graph. `import('pkg')` of
//   a package stays a real dynamic import: @observablehq/plot is ESM only, and Node before
//   20.19 cannot `require` an ES module.
// The declaration files are copied as they are, except that a type import of an ES-module-only
// package (@observablehq/plot) gains `with { 'resolution-mode': 'import' }`: from CommonJS
// declarations TypeScript (≥ 5.3) otherwise refuses it (TS1541).
// Top-level await cannot be expressed in CommonJS: esbuild refuses it, and the build fails, for
// any module other than the worker entries.
import { transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'cjs');

/** Paths under dist/ (with / separators) that have no CommonJS twin: the CLI (an ESM bin) and worker entries. */
function skipped(rel) {
  return rel.startsWith('cjs/') || rel.startsWith('cli/') || /(^|\/)worker\.(js|d\.ts)$/.test(rel);
}

function walk(dir, found = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, found);
    else found.push(p);
  }
  return found;
}

/** The ESM source of dist/`rel` with `import.meta` and relative dynamic imports rewritten for CommonJS. */
export function toCommonJsSource(code, rel) {
  const depth = rel.split('/').length - 1;
  // From dist/cjs/<dir of rel>/ back to dist/<rel>: one level per directory, plus cjs/.
  const twin = [...Array(depth + 1).fill('..'), ...rel.split('/')].join('/');
  const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(twin)})).href`;
  return code
    .replace(/\bimport\.meta\.url\b/g, `(${url})`)
    .replace(/\bimport\.meta\.resolve\b/g, '((s) => require("node:url").pathToFileURL(require.resolve(s)).href)')
    .replace(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g, (_m, q, spec) => `Promise.resolve().then(() => require(${q}${spec}${q}))`);
}

/** Whether the installed package `name` is an ES module package (`"type": "module"`). */
function esmOnly(name) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).type === 'module';
  } catch {
    return false;
  }
}

/** A declaration file of dist/ as the CommonJS declarations need it (see the header). */
export function toCommonJsDeclarations(text) {
  return text.replace(/^(import type [^;]*? from (['"])([^'".][^'"]*)\2)( with \{[^}]*\})?;/gm, (line, head, _q, spec, attrs) => {
    if (attrs || spec.startsWith('node:')) return line;
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return esmOnly(name) ? `${head} with { 'resolution-mode': 'import' };` : line;
  });
}

export async function buildCjs() {
  rmSync(out, { recursive: true, force: true });
  let js = 0;
  let dts = 0;
  for (const file of walk(dist)) {
    const rel = relative(dist, file).split(sep).join('/');
    if (skipped(rel)) continue;
    const target = join(out, rel);
    if (rel.endsWith('.d.ts')) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, toCommonJsDeclarations(readFileSync(file, 'utf8')));
      dts++;
    } else if (rel.endsWith('.js')) {
      const source = toCommonJsSource(readFileSync(file, 'utf8'), rel);
      let result;
      try {
        result = await transform(source, { format: 'cjs', platform: 'node', target: 'node20', sourcefile: rel, logLevel: 'silent' });
      } catch (e) {
        throw new Error(`build-cjs: dist/${rel} cannot become CommonJS: ${e.message}`);
      }
      if (result.warnings.length) {
        throw new Error(`build-cjs: dist/${rel}: ${result.warnings.map((w) => w.text).join('; ')}`);
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, result.code);
      js++;
    }
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
  return { js, dts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { js, dts } = await buildCjs();
  console.log(`build-cjs: dist/cjs/ has ${js} CommonJS modules and ${dts} declaration files`);
}
