// The fuzz command line (`npm run fuzz -- …`, see scripts/fuzz.mjs):
//   --cases N        cases per reader (default 1000; the slow loaders run their `weight` share)
//   --reader A,B     only these readers (default all; --list names them)
//   --seed S         run seed (default 1): the same seed and case index give the same file
//   --case K         only case K of the reader: prints the mutation, the verdict and the stack
//   --dump FILE      with --case, also writes the mutated file there
//   --max-hard N     child restarts per reader+mutation before its cases are skipped (default 3)
//   --report FILE    also write the counts and findings as Markdown
// Exits 1 when any case failed.
import { writeFile } from 'node:fs/promises';
import { BOUNDS } from './case.js';
import { countsTable, counts, describeFinding, findings } from './report.js';
import { supervise, type CaseRecord } from './supervise.js';
import { TARGETS } from './targets.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1] ?? 'true';
};

if (argv.includes('--list')) {
  for (const t of TARGETS) console.log(`${t.name.padEnd(18)} ${t.reads}\n${''.padEnd(18)} mutations: ${Object.keys(t.mutators).join(', ')}`);
  process.exit(0);
}

const runSeed = Number(opt('seed') ?? 1);
const cases = Number(opt('cases') ?? 1000);
const names = opt('reader')?.split(',') ?? TARGETS.map((t) => t.name);
const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
if (unknown.length) {
  console.error(`unknown reader(s) ${unknown.join(', ')}; --list names them`);
  process.exit(2);
}
const single = opt('case');
if (single !== undefined && names.length !== 1) {
  console.error('--case needs exactly one --reader');
  process.exit(2);
}

const plan = single !== undefined
  ? [{ reader: names[0], from: Number(single), to: Number(single) + 1 }]
  : names.map((reader) => ({ reader, from: 0, to: Math.max(1, Math.round(cases * (TARGETS.find((t) => t.name === reader)!.weight ?? 1))) }));

const t0 = Date.now();
let done = 0;
const total = plan.reduce((n, p) => n + p.to - p.from, 0);
const res = await supervise({
  plan, runSeed, maxHard: Number(opt('max-hard') ?? 3), verbose: single !== undefined, dump: opt('dump'),
  timeoutMs: Number(opt('timeout') ?? BOUNDS.hangMs),
  onRecord: (r: CaseRecord) => {
    done++;
    if (single === undefined && (done % 500 === 0 || done === total)) process.stderr.write(`  ${done}/${total} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  },
});

if (single !== undefined) {
  const r = res.records[0];
  console.log(JSON.stringify({ reader: r?.reader, case: r?.index, kind: r?.kind, seed: r?.seed, mutation: r?.what, outcome: r?.outcome, cpuMs: r?.cpuMs, memMB: r?.memMB }, null, 1));
  if (r?.failure) console.log(`\n${r.failure.kind}: ${r.failure.error}${r.failure.stack ? `\n${r.failure.stack}` : ''}`);
  for (const e of res.seedErrors) console.log(`seeds of ${e.reader} failed: ${e.error}`);
  process.exit(r?.outcome === 'fail' || res.seedErrors.length ? 1 : 0);
}

const table = countsTable(counts(res, names));
const found = findings(res.records);
const seedLines = res.seedErrors.map((e) => `seeds of ${e.reader} failed: ${e.error}`);
const text = [
  `fuzz: run seed ${runSeed}, ${total} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${res.restarts} child restarts`, '', table, '',
  ...seedLines,
  found.length ? `${found.length} distinct failures:` : 'no failures',
  ...found.map((f) => describeFinding(f, runSeed)),
].join('\n');
console.log(text);
if (opt('report')) await writeFile(opt('report')!, text + '\n');
process.exit(found.length || seedLines.length ? 1 : 0);
