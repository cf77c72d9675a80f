import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LSTM, manualSeed, randn, setBackend } from '../../src/index.js';
import { CharTokenizer } from '../../src/text/index.js';
import { exportOnnx } from '../../src/onnx/index.js';

// The package as a user installs it: `npm pack` of this checkout, unpacked into
// <tmp>/node_modules/recurrent, used from fresh ESM, CommonJS and TypeScript projects in
// <tmp>/{esm,cjs,ts}. Offline: the package's dependencies are symlinks to this checkout's
// node_modules (Node follows them to their real paths, where their own dependencies resolve).
// The tarball holds what dist/ holds; the test builds nothing, and skips when dist/ is missing
// (`npm ci` builds it through `prepare`).

const ROOT = resolve(import.meta.dirname, '..', '..');
const built = ['dist/index.js', 'dist/cjs/index.js', 'dist/text/index.d.ts', 'dist/cjs/text/index.d.ts']
  .every((f) => existsSync(join(ROOT, f)));
const SKIP = built ? false : 'dist/ or dist/cjs/ not built (run `npm run build`)';
if (SKIP) console.log(`# pack.test.ts skipped: ${SKIP}`);

let tmp = '';
let tarball = '';

/** Run a command to completion; a failure is an assertion error with its output. */
function run(cmd: string, args: string[], cwd: string): string {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(res.status, 0, `${cmd} ${args.join(' ')} in ${cwd} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/** The model every project runs, computed here from the sources on the reference backend. */
async function expected(): Promise<{ shape: number[]; out: number[]; tokens: string[]; onnx: number }> {
  await setBackend('js');
  manualSeed(7);
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
  const [out] = lstm.forward(randn([5, 2, 3])); // x [T=5, B=2, I=3] → out [T, B, H=4]
  return { shape: out.shape.slice(), out: out.toArray(), tokens: new CharTokenizer().tokenize('a😀b'), onnx: exportOnnx(lstm).length };
}

// The same computation as `expected`, written as a user of the package writes it; the wasm
// backend on two threads runs it, so its module and its worker entry (dist/backend/wasm/
// worker.js, an ES module also under CommonJS) are found from inside the installed package:
// setBackend rejects if a worker fails to start.
const ESM_MAIN = `import { LSTM, manualSeed, randn, setBackend } from 'recurrent';
import { CharTokenizer } from 'recurrent/text';
import { exportOnnx } from 'recurrent/onnx';
const b = await setBackend('wasm', { threads: 2 });
manualSeed(7);
const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
const [out] = lstm.forward(randn([5, 2, 3]));
const onnx = exportOnnx(lstm).length;
console.log(JSON.stringify({ shape: out.shape, out: out.toArray(), tokens: new CharTokenizer().tokenize('a😀b'), onnx, threads: b.threads }));
`;

const CJS_MAIN = `const { LSTM, manualSeed, randn, setBackend, ValueError } = require('recurrent');
const text = require('recurrent/text');
const errors = require('recurrent');
const { exportOnnx } = require('recurrent/onnx');
setBackend('wasm', { threads: 2 }).then((b) => {
  manualSeed(7);
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
  const [out] = lstm.forward(randn([5, 2, 3]));
  // One module graph behind both entries: the tokenizer class and the error classes are the same objects.
  if (text.CharTokenizer !== errors.CharTokenizer || typeof ValueError !== 'function') throw new Error('two copies of the library');
  const onnx = exportOnnx(lstm).length;
  // Word2Vec on two worker threads: its worker entry (dist/word2vec/worker.js) is found too.
  const corpus = Array.from({ length: 300 }, (_, i) => ['the cat sat on the mat', 'a dog ran in the park'][i % 2]).join('\\n');
  return require('recurrent/word2vec').trainWord2Vec({ text: corpus }, { threads: 2, minCount: 1, size: 8, epochs: 1 }).then((w2v) => {
    console.log(JSON.stringify({ shape: out.shape, out: out.toArray(), tokens: new text.CharTokenizer().tokenize('a😀b'), onnx, threads: b.threads,
      word2vec: [w2v.stats.threads, w2v.wv.size] }));
  });
});
`;

// TypeScript: an ES module (import conditions, dist/*.d.ts) and a CommonJS one (.cts: require
// conditions, dist/cjs/*.d.ts), compiled with moduleResolution node16 and run; bundler
// resolution type-checks the ES module. The explicit types make the check fail if the
// package's types resolved to `any` or to the wrong declarations.
const TS_MAIN = `import { LSTM, manualSeed, randn, setBackend, type Tensor } from 'recurrent';
import { CharTokenizer } from 'recurrent/text';
import { exportOnnx } from 'recurrent/onnx';
await setBackend('wasm');
manualSeed(7);
const lstm: LSTM = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
const [out, [hN]]: [Tensor, [Tensor, Tensor]] = lstm.forward(randn([5, 2, 3]));
const tokens: string[] = new CharTokenizer().tokenize('a😀b');
const onnx: Uint8Array = exportOnnx(lstm);
console.log(JSON.stringify({ shape: out.shape, out: out.toArray(), tokens, h: hN.shape, onnx: onnx.length }));
`;
const TS_CJS = `import { LSTM, manualSeed, randn, setBackend } from 'recurrent';
import { CharTokenizer } from 'recurrent/text';
void setBackend('js').then(() => {
  manualSeed(7);
  const [out] = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 }).forward(randn([5, 2, 3]));
  const tokens: string[] = new CharTokenizer().tokenize('a😀b');
  console.log(JSON.stringify({ shape: out.shape, out: out.toArray(), tokens }));
});
`;
// Must not type-check: proves the declarations are read (with `any` types this compiles).
const TS_BAD = `import { CharTokenizer } from 'recurrent/text';
const n: number = new CharTokenizer().tokenize('x');
export { n };
`;

function tsconfig(resolution: 'node16' | 'bundler', files: string[], outDir?: string, skipLibCheck = true): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: resolution === 'node16' ? 'node16' : 'esnext',
      moduleResolution: resolution,
      strict: true,
      skipLibCheck,
      types: ['node'],
      ...(outDir ? { outDir } : { noEmit: true }),
    },
    files,
  }, null, 2);
}

before(() => {
  if (SKIP) return;
  tmp = mkdtempSync(join(tmpdir(), 'recurrent-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT)) as { filename: string }[];
  tarball = join(tmp, packed[0].filename);
  const modules = join(tmp, 'node_modules');
  mkdirSync(join(modules, 'recurrent'), { recursive: true });
  run('tar', ['xzf', tarball, '-C', join(modules, 'recurrent'), '--strip-components=1'], tmp);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of [...Object.keys(pkg.dependencies), '@types/node']) {
    const link = join(modules, dep);
    mkdirSync(resolve(link, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
  }
  const write = (dir: string, files: Record<string, string>) => {
    mkdirSync(join(tmp, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, dir, name), text);
  };
  write('esm', { 'package.json': '{ "type": "module" }\n', 'main.js': ESM_MAIN });
  write('cjs', { 'package.json': '{ "type": "commonjs" }\n', 'main.js': CJS_MAIN });
  write('ts', {
    'package.json': '{ "type": "module" }\n',
    'main.ts': TS_MAIN,
    'req.cts': TS_CJS,
    'tsconfig.json': tsconfig('node16', ['main.ts', 'req.cts'], 'out'),
    'tsconfig.bundler.json': tsconfig('bundler', ['main.ts']),
    'tsconfig.bad.json': tsconfig('node16', ['bad.ts']),
    'tsconfig.strict.json': tsconfig('node16', ['main.ts', 'req.cts'], undefined, false),
    'bad.ts': TS_BAD,
  });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Parse a project's printed result and compare it with the reference computation. */
async function check(stdout: string): Promise<void> {
  const got = JSON.parse(stdout.trim().split('\n').pop()!) as { shape: number[]; out: number[]; tokens: string[]; onnx?: number; threads?: number; word2vec?: number[] };
  const want = await expected();
  assert.deepEqual(got.shape, want.shape);
  assert.deepEqual(got.tokens, want.tokens);
  if (got.onnx !== undefined) assert.equal(got.onnx, want.onnx, 'bytes of the exported ONNX model');
  if (got.threads !== undefined) assert.equal(got.threads, 2, 'wasm backend threads (the worker entry found)');
  if (got.word2vec !== undefined) assert.deepEqual(got.word2vec, [2, 10], 'Word2Vec threads and vocabulary');
  assert.equal(got.out.length, want.out.length);
  const worst = Math.max(...got.out.map((v, i) => Math.abs(v - want.out[i])));
  assert.ok(worst < 1e-5, `packed LSTM output differs from the sources' by ${worst}`);
}

test('the tarball ships dist/ and no source map', { skip: SKIP }, () => {
  const listing = run('tar', ['tzf', tarball], tmp).split('\n');
  assert.ok(listing.includes('package/dist/cjs/index.js') && listing.includes('package/dist/index.js'), 'dist/index.js and dist/cjs/index.js in the tarball');
  assert.ok(listing.includes('package/LICENSE'), 'LICENSE in the tarball');
  assert.deepEqual(listing.filter((f) => f.endsWith('.map')), []);
});

test('an ES module project imports recurrent, recurrent/text and recurrent/onnx and runs an LSTM on the wasm backend with a worker thread', { skip: SKIP }, async () => {
  await check(run(process.execPath, ['main.js'], join(tmp, 'esm')));
});

test('a CommonJS project requires recurrent, recurrent/text and recurrent/onnx (one module graph), runs an LSTM on the wasm backend and Word2Vec, each with a worker thread', { skip: SKIP }, async () => {
  await check(run(process.execPath, ['main.js'], join(tmp, 'cjs')));
});

test('a TypeScript project type-checks with node16 and bundler resolution, and its output runs', { skip: SKIP }, async () => {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const dir = join(tmp, 'ts');
  run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
  run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], dir);
  await check(run(process.execPath, ['out/main.js'], dir));
  await check(run(process.execPath, ['out/req.cjs'], dir));
  const bad = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.bad.json'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'a type error in a file using the package must fail the type-check');
  assert.match(bad.stdout, /bad\.ts.*TS2322.*string\[\].*number/s);
});

// skipLibCheck false also checks the declarations of the dependencies the package's types
// reach. @observablehq/plot's own declarations import 'd3' types that Plot does not depend on
// (TS7016 unless the user adds @types/d3), so errors there are left aside; none may be in the
// package's own declarations.
test("with skipLibCheck false, the package's own declarations have no error", { skip: SKIP }, () => {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.strict.json'], { cwd: join(tmp, 'ts'), encoding: 'utf8' });
  const errors = res.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  assert.deepEqual(errors.filter((l) => !l.includes('node_modules/@observablehq/plot/')), []);
});
