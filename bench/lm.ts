// Tiny-shakespeare against PyTorch at equal wall-clock: `node --import tsx bench/lm.ts`.
// The same character LSTM (Embedding → LSTM → Linear), data split (first 90 % of the characters
// train, last 10 % validate), batching (B contiguous streams, chunks of T, state carried),
// Adam, gradient clipping, cosine learning-rate schedule over the budget and validation schedule
// on both sides (bench/lm_torch.py mirrors LanguageModel): ours on the native backend (or, with
// --backend wasm, the WebAssembly one) with 1 and 2 threads, PyTorch (/usr/bin/python3, 1.13) with torch.set_num_threads 1 and 2. Each run logs its
// validation loss (nats per character) against training seconds (validation time excluded on
// both sides) into bench/lm/<run>.json; the table at the end puts the curves side by side.
//
//   --minutes M            budget of each run (default 5)
//   --runs a,b             which runs: ours-1, ours-2, torch-1, torch-2 (default all four)
//   --backend NAME         our backend: native (default where its addon was built) or wasm
//   --openblas DIR         run PyTorch with the OpenBLAS in DIR (LD_LIBRARY_PATH; it holds libblas.so.3), e.g. from
//                          `apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb ob`:
//                          ob/usr/lib/x86_64-linux-gnu/openblas-pthread. Without it PyTorch uses the system BLAS,
//                          which on a machine without OpenBLAS is the reference BLAS (≈ 15× slower here)
//   --coretype NAME        OPENBLAS_CORETYPE for PyTorch (default SkylakeX: the fastest of SkylakeX, Haswell and
//                          unset measured here)
//   --openblas-threads N   OPENBLAS_NUM_THREADS for PyTorch (default 1: torch's own intra-op threads, set by
//                          torch.set_num_threads, then run the BLAS calls; OpenBLAS's pthreads on top of them
//                          oversubscribe two cores: 1.5 s per step at 2 + 2 threads against 0.16 s at 2 + 1)
//   --hidden-size H --embedding-size E --num-layers L --batch-size B --steps T --lr R
//   --validate-every N     steps between validations (default 100)
//   --file PATH            default ../shared/data/tiny-shakespeare/input.txt
//   --tag NAME             store the runs as bench/lm/<run>-NAME.json (e.g. a PyTorch run without --openblas)
//   --table                only print the table of the runs already in bench/lm/
//
// One run at a time: the two sides never share the machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { createNativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { useBackend } from '../src/backend/current.js';
import { LanguageModel } from '../src/tasks/language-model/index.js';
import { LANGUAGE_MODEL_DEFAULTS as D } from '../src/tasks/language-model/options.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'lm');

interface Point { step: number; seconds: number; loss: number; trainLoss: number }
interface RunResult { run: string; side: 'recurrent' | 'pytorch'; threads: number; minutes: number; settings: Record<string, unknown>; steps: number; trainSeconds: number; secondsPerStep: number; loss: number; bestLoss: number; curve: Point[]; loadAverage: number[]; date: string; extra?: Record<string, unknown> }

function parse(argv: string[]) {
  const o = { minutes: 5, runs: ['ours-1', 'ours-2', 'torch-1', 'torch-2'], coretype: 'SkylakeX', openblas: null as string | null, openblasThreads: 1, hiddenSize: D.hiddenSize as number, embeddingSize: D.embeddingSize as number, numLayers: D.numLayers as number,
    batchSize: D.batchSize as number, steps: D.steps as number, lr: D.lr as number, validateEvery: D.validateEvery as number, file: resolve(here, '../../shared/data/tiny-shakespeare/input.txt'), table: false, tag: '',
    backend: (nativeUnavailableReason() === null ? 'native' : 'wasm') as 'native' | 'wasm' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--minutes') o.minutes = Number(v());
    else if (a === '--runs') o.runs = v().split(',');
    else if (a === '--coretype') o.coretype = v();
    else if (a === '--openblas') o.openblas = resolve(v());
    else if (a === '--openblas-threads') o.openblasThreads = Number(v());
    else if (a === '--hidden-size') o.hiddenSize = Number(v());
    else if (a === '--embedding-size') o.embeddingSize = Number(v());
    else if (a === '--num-layers') o.numLayers = Number(v());
    else if (a === '--batch-size') o.batchSize = Number(v());
    else if (a === '--steps') o.steps = Number(v());
    else if (a === '--lr') o.lr = Number(v());
    else if (a === '--validate-every') o.validateEvery = Number(v());
    else if (a === '--file') o.file = v();
    else if (a === '--table') o.table = true;
    else if (a === '--tag') o.tag = `-${v()}`;
    else if (a === '--backend') {
      const b = v();
      if (b !== 'native' && b !== 'wasm') throw new Error(`bench/lm: --backend ${b}: expected native or wasm`);
      o.backend = b;
    }
    else throw new Error(`bench/lm: unknown argument ${a}`);
  }
  for (const r of o.runs) if (!/^(ours|torch)-[12]$/.test(r)) throw new Error(`bench/lm: --runs ${r}: expected ours-1, ours-2, torch-1 or torch-2`);
  return o;
}
type Options = ReturnType<typeof parse>;

const settingsOf = (o: Options) => ({ cell: 'lstm', embeddingSize: o.embeddingSize, hiddenSize: o.hiddenSize, numLayers: o.numLayers, batchSize: o.batchSize, steps: o.steps, lr: o.lr, schedule: D.schedule, clipNorm: D.clipNorm, validateEvery: o.validateEvery, dropout: 0 });

async function ours(o: Options, threads: number): Promise<RunResult> {
  const be = o.backend === 'native' ? await createNativeBackend({ threads }) : await createWasmBackend({ threads });
  useBackend(be);
  const text = readFileSync(o.file, 'utf8');
  const load = loadavg();
  const lm = new LanguageModel({ ...settingsOf(o), cell: 'lstm', schedule: D.schedule, minutes: o.minutes, epochs: 1000,
    onValidation: (p) => console.log(`  ours×${threads}  step ${String(p.step).padStart(5)}  ${p.seconds.toFixed(1).padStart(6)} s  validation ${p.loss.toFixed(4)}  train ${p.trainLoss.toFixed(4)}`) });
  const run = await lm.fit(text);
  await be.close();
  const curve = run.curve.map((p) => ({ step: p.step, seconds: p.seconds, loss: p.loss, trainLoss: p.trainLoss }));
  const steps = run.history.stepLoss.length;
  return { run: `ours-${threads}`, side: 'recurrent', threads, minutes: o.minutes, settings: settingsOf(o), steps, trainSeconds: run.trainSeconds, secondsPerStep: run.trainSeconds / steps,
    loss: curve.at(-1)!.loss, bestLoss: Math.min(...curve.map((p) => p.loss)), curve, loadAverage: load, date: new Date().toISOString(),
    extra: { backend: o.backend, ...(o.backend === 'native' ? { isa: (be as { isa?: string }).isa } : {}), sample: lm.generate('ROMEO:', { length: 200, temperature: 0.8, seed: 1 }) } };
}

function torch(o: Options, threads: number): Promise<RunResult> {
  const args = [join(here, 'lm_torch.py'), '--file', o.file, '--minutes', String(o.minutes), '--threads', String(threads), '--embedding-size', String(o.embeddingSize), '--hidden-size', String(o.hiddenSize),
    '--num-layers', String(o.numLayers), '--batch-size', String(o.batchSize), '--steps', String(o.steps), '--lr', String(o.lr), '--schedule', D.schedule, '--clip-norm', String(D.clipNorm), '--validate-every', String(o.validateEvery)];
  const load = loadavg();
  return new Promise((ok, fail) => {
    const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_CORETYPE: o.coretype, OPENBLAS_NUM_THREADS: String(o.openblasThreads) };
    if (o.openblas) env.LD_LIBRARY_PATH = o.openblas + (process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : '');
    const child = spawn('/usr/bin/python3', args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const curve: Point[] = [];
    let result: Record<string, any> | null = null, setup: Record<string, unknown> = {}, buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const e = JSON.parse(line);
        if (e.event === 'validation') {
          curve.push({ step: e.step, seconds: e.seconds, loss: e.loss, trainLoss: e.trainLoss });
          console.log(`  torch×${threads} step ${String(e.step).padStart(5)}  ${e.seconds.toFixed(1).padStart(6)} s  validation ${e.loss.toFixed(4)}  train ${e.trainLoss.toFixed(4)}`);
        } else if (e.event === 'result') result = e;
        else if (e.event === 'setup') setup = e;
      }
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 || !result) return fail(new Error(`bench/lm: lm_torch.py exited with ${code}`));
      ok({ run: `torch-${threads}`, side: 'pytorch', threads, minutes: o.minutes, settings: settingsOf(o), steps: result.steps, trainSeconds: result.train_seconds, secondsPerStep: result.seconds_per_step,
        loss: result.validation.loss, bestLoss: result.best_loss, curve, loadAverage: load, date: new Date().toISOString(), extra: { ...setup, openblas: o.openblas, openblasThreads: o.openblasThreads } });
    });
  });
}

/** The loss of the last validation at or before `t` seconds. */
function lossAt(r: RunResult, t: number): number | null {
  let v: number | null = null;
  for (const p of r.curve) if (p.seconds <= t + 1e-9) v = p.loss;
  return v;
}

function table(o: Options): void {
  const rs: RunResult[] = o.runs.map((r) => join(outDir, `${r}${o.tag}.json`)).filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  if (!rs.length) return console.log('no runs in bench/lm/ yet');
  const budget = Math.max(...rs.map((r) => r.minutes)) * 60;
  const marks = [0.1, 0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(budget * f));
  console.log(`\nvalidation loss (nats/char, last validation at or before t seconds of training) — ${JSON.stringify(rs[0].settings)}`);
  console.log(`run       ${marks.map((m) => `${m} s`.padStart(8)).join('')}   final    steps  ms/step  load at start`);
  for (const r of rs) {
    const cells = marks.map((m) => { const v = m >= r.trainSeconds - 1 ? r.loss : lossAt(r, m); return (v === null ? '—' : v.toFixed(4)).padStart(8); }).join('');
    console.log(`${r.run.padEnd(9)} ${cells}   ${r.loss.toFixed(4)}  ${String(r.steps).padStart(6)}  ${(r.secondsPerStep * 1000).toFixed(0).padStart(7)}  ${r.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);
  }
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  if (!o.table) {
    if (!existsSync(o.file)) throw new Error(`bench/lm: ${o.file} not found (tiny-shakespeare lives in ../shared/data)`);
    mkdirSync(outDir, { recursive: true });
    for (const r of o.runs) {
      const threads = Number(r.slice(-1));
      console.log(`# ${r}: ${o.minutes} min, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
      const res = r.startsWith('ours') ? await ours(o, threads) : await torch(o, threads);
      writeFileSync(join(outDir, `${r}${o.tag}.json`), JSON.stringify({ ...res, run: `${res.run}${o.tag}` }, null, 1) + '\n');
    }
  }
  table(o);
}

await main();
