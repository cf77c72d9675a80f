// The fuzz child process: runs a plan of cases and reports each as one JSON line on fd 3 (a
// `start` line before the read, so that if the process dies the parent knows which case killed
// it, and an `end` line with the verdict). Started by supervise.ts as
//   node --max-old-space-size=512 --expose-gc --import tsx test/fuzz/child.ts
//        --plan reader:from:to,… --seed S --work DIR [--skip reader/kind,…] [--verbose] [--dump FILE]
import { writeSync, fstatSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeError, makeCase, runCase, type CaseSpec } from './case.js';
import { targetByName, type Target } from './targets.js';
import type { Seed } from './seeds.js';

// All frames: the library frame under a stack overflow's thousands of recursive ones names where it recursed.
Error.stackTraceLimit = Infinity;
const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) args.set(argv[i].slice(2), argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i]);

const OUT = (() => {
  try {
    fstatSync(3);
    return 3;
  } catch {
    return 1;
  }
})();
/** One protocol line, written synchronously so it is out before anything can kill the process. */
const emit = (x: object) => writeSync(OUT, JSON.stringify(x) + '\n');

let current: CaseSpec | null = null;
for (const ev of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(ev, (e: unknown) => {
    emit({ t: 'async-error', error: `${ev}: ${describeError(e)}`, reader: current?.reader, i: current?.index });
    process.exit(70);
  });
}

/** Seeds of a target, written once per supervised run into the work folder and read back by restarted children. */
async function seedsOf(t: Target, work: string): Promise<Seed[]> {
  const file = join(work, 'seeds', `${t.name}.json`);
  type Stored = { name: string; bytes: string; files?: Record<string, string>; meta?: Record<string, unknown> };
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Stored[];
    return stored.map((s) => ({ name: s.name, bytes: bytes(s.bytes), files: s.files && Object.fromEntries(Object.entries(s.files).map(([k, v]) => [k, bytes(v)])), meta: s.meta }));
  } catch {
    const seeds = await t.seeds();
    await mkdir(join(work, 'seeds'), { recursive: true });
    const stored: Stored[] = seeds.map((s) => ({ name: s.name, bytes: b64(s.bytes), files: s.files && Object.fromEntries(Object.entries(s.files).map(([k, v]) => [k, b64(v)])), meta: s.meta }));
    await writeFile(file, JSON.stringify(stored));
    return seeds;
  }
}

const runSeed = Number(args.get('seed') ?? 1);
const work = args.get('work')!;
const skip = new Set((args.get('skip') ?? '').split(',').filter(Boolean));
const verbose = args.get('verbose') === 'true';
const caseDir = join(work, `case-${process.pid}`);
await mkdir(caseDir, { recursive: true });

for (const item of (args.get('plan') ?? '').split(',').filter(Boolean)) {
  const [name, from, to] = item.split(':');
  const target = targetByName(name);
  if (!target) {
    emit({ t: 'seeds-failed', reader: name, error: `no reader named ${JSON.stringify(name)}` });
    continue;
  }
  let seeds: Seed[];
  const s0 = performance.now();
  try {
    seeds = await seedsOf(target, work);
  } catch (e) {
    emit({ t: 'seeds-failed', reader: name, error: describeError(e), stack: e instanceof Error ? e.stack : undefined });
    continue;
  }
  emit({ t: 'seeds', reader: name, ms: performance.now() - s0, count: seeds.length });
  for (let i = Number(from); i < Number(to); i++) {
    let spec: CaseSpec;
    try {
      spec = makeCase(target, seeds, runSeed, i);
    } catch (e) {
      emit({ t: 'end', reader: name, i, kind: Object.keys(target.mutators)[i % Object.keys(target.mutators).length], outcome: 'fail', failure: { kind: 'harness', error: `the mutator failed: ${describeError(e)}`, stack: e instanceof Error ? e.stack : undefined }, cpuMs: 0, wallMs: 0, memMB: 0 });
      continue;
    }
    const head = { reader: name, i, kind: spec.kind, seed: spec.seed.name, what: spec.what };
    if (skip.has(`${name}/${spec.kind}`)) {
      emit({ t: 'skip', ...head });
      continue;
    }
    if (args.has('dump')) await writeFile(args.get('dump')!, spec.bytes);
    emit({ t: 'start', ...head, bytes: spec.bytes.length });
    current = spec;
    const verdict = await runCase(target, spec, { dir: caseDir, seed: spec.seed }, verbose);
    current = null;
    emit({ t: 'end', ...head, ...verdict });
  }
}
