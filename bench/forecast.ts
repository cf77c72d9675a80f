// Forecasting quality on the real series in ../shared/data: runs `recurrent forecast train` with
// the defaults (last 20% of rows as the test span) on each, reads the last JSON line and prints the
// model's test MAE beside the naive, seasonal-naive, moving-average and linear AR baselines.
//
//   node --import tsx bench/forecast.ts [--series melbourne,sunspots,rainfall,sp500] [--seeds 0,1,2] [--json] [-- extra train flags]
//
// Extra flags after `--` go to every run (e.g. `-- --cell gru --lookback 60`), to measure a
// default before changing it. Each run is a child process, as a user would start it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DATA = path.resolve(process.cwd(), '../shared/data');

interface Series { name: string; file: string; flags: string[] }
const SERIES: Series[] = [
  { name: 'melbourne', file: 'melbourne-temperatures/daily-min-temperatures.csv', flags: ['--time', 'Date', '--target', 'Temp'] },
  { name: 'sunspots', file: 'monthly-sunspots/monthly-sunspots.csv', flags: ['--time', 'Month', '--target', 'Sunspots'] },
  { name: 'rainfall', file: 'seattle-weather/seattle-weather.csv', flags: ['--time', 'date', '--target', 'precipitation'] },
  { name: 'sp500', file: 'sp500-daily/sp500-2000.csv', flags: ['--time', 'date', '--target', 'close'] },
];

const argv = process.argv.slice(2);
const cut = argv.indexOf('--');
const own = cut >= 0 ? argv.slice(0, cut) : argv;
const extra = cut >= 0 ? argv.slice(cut + 1) : [];
const pick = (flag: string) => {
  const i = own.indexOf(flag);
  return i >= 0 ? own[i + 1] : undefined;
};
const names = pick('--series')?.split(',') ?? SERIES.map((s) => s.name);
const seeds = (pick('--seeds') ?? '0').split(',').map(Number);
const json = own.includes('--json');

if (!existsSync(DATA)) {
  console.log(`bench/forecast: ${DATA} is absent; nothing to measure`);
  process.exit(0);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows: string[] = [];
for (const s of SERIES.filter((x) => names.includes(x.name))) {
  const runs: { mae: number; coverage: number | null; baselines: Record<string, { mae: number | null }>; seconds: number; epochs: number }[] = [];
  for (const seed of seeds) {
    const out = mkdtempSync(path.join(tmpdir(), `forecast-${s.name}-`));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'forecast', 'train', path.join(DATA, s.file), ...s.flags, '--seed', String(seed), '--out', out, '--json', ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      console.error(`${s.name} seed ${seed}: exit ${r.status}\n${r.stderr}`);
      process.exit(1);
    }
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
    runs.push({ mae: last.test.mae, coverage: last.test.coverage ?? null, baselines: last.baselines, seconds: last.seconds, epochs: last.train.epochs });
    if (json) console.log(JSON.stringify({ series: s.name, seed, ...last }));
  }
  const b = runs[0].baselines;
  const m = median(runs.map((r) => r.mae));
  let best: [string, number] = ['', Infinity];
  for (const [k, v] of Object.entries(b)) if (v.mae !== null && v.mae < best[1]) best = [k, v.mae];
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toPrecision(4));
  rows.push(`| ${s.name} | ${f(m)} (${runs.map((r) => f(r.mae)).join(', ')}) | ${f(b.naive?.mae)} | ${f(b.seasonalNaive?.mae)} | ${f(b.movingAverage?.mae)} | ${f(b.linear?.mae)} | ${((1 - m / best[1]) * 100).toFixed(1)}% vs ${best[0]} | ${f(median(runs.map((r) => r.coverage ?? NaN)))} | ${median(runs.map((r) => r.epochs))} | ${median(runs.map((r) => r.seconds)).toFixed(1)} s |`);
}
if (!json) {
  console.log(`flags: ${extra.join(' ') || '(defaults)'}; seeds ${seeds.join(',')}`);
  console.log('| series | model MAE, median (each seed) | naive | seasonal naive | moving avg | linear AR | model vs best baseline | 80% coverage | epochs | time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}
