// Translation quality on ../shared/data/tatoeba-eng-fra (the first 10 000 English–French pairs):
// runs `recurrent translate train` with the defaults (seeded shuffle, 10% held out), reads the
// last JSON line and prints the held-out BLEU of greedy and beam decoding next to training time.
//
//   node --import tsx bench/translate.ts [--json] [-- extra train flags]
//
// Extra flags after `--` go to the run (e.g. `-- --attention luong-general --minutes 3`), to
// measure a default before changing it. The run is a child process, as a user would start it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FILE = path.resolve(process.cwd(), '../shared/data/tatoeba-eng-fra/eng-fra-first10000.tsv');
const argv = process.argv.slice(2);
const cut = argv.indexOf('--');
const own = cut >= 0 ? argv.slice(0, cut) : argv;
const extra = cut >= 0 ? argv.slice(cut + 1) : [];
const json = own.includes('--json');

if (!existsSync(FILE)) {
  console.log(`bench/translate: ${FILE} is absent; nothing to measure`);
  process.exit(0);
}

const out = mkdtempSync(path.join(tmpdir(), 'bench-translate-'));
const cli = path.resolve(process.cwd(), 'src/cli/main.ts');
const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'translate', 'train', FILE, '--out', out, '--json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (r.status !== 0) {
  console.error(r.stderr || r.stdout);
  process.exit(r.status ?? 1);
}
const lines = r.stdout.trim().split('\n');
const result = JSON.parse(lines[lines.length - 1]);
const epochs = lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'epoch');
if (json) {
  console.log(JSON.stringify({ flags: extra.join(' '), ...result, curve: epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss, valAccuracy: e.valAccuracy, seconds: e.seconds })) }));
} else {
  const f = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));
  console.log(`flags: ${extra.join(' ') || '(defaults)'}`);
  console.log('| pairs (train / test) | epochs | training time | token accuracy | BLEU greedy | BLEU beam ' + result.beam + ' |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| ${result.pairs.train} / ${result.pairs.test} | ${result.train.epochs} (best ${result.train.bestEpoch}, ${result.train.stopReason}) | ${f(result.train.seconds, 0)} s | ${f(result.tokenAccuracy, 3)} | ${f(result.bleu.greedy)} | ${f(result.bleu.beam)} |`);
  console.log(`model and report.html in ${out}`);
}
