// The long-dependency suite at T = 100 and 200 with the default budget (LAB_DEFAULTS: at most
// 5 000 steps or 3 minutes per model, batch 32, hidden 32, Adam 1e-2, clip 1), one seed: prints
// the README's table (test loss against the baseline, solved, steps, the gradient ratio
// ‖∂L/∂h_1‖/‖∂L/∂h_T‖ and the memory horizon after training and at initialisation) and writes
// each run's report.html and metrics.json into bench/out/lab-TASK-T.
//
//   node --import tsx bench/lab.ts [--task adding] [--lengths 100,200] [--cells rnn,irnn,lstm,lstm0,gru] [--seed 0] [--minutes M] [--steps N] [--clip N|none]
//
// On two shared cores the whole default run takes about 10 minutes (the RNNs use their full step
// budget; the LSTM with forget bias 1 and the GRU stop once solved).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { runLab } from '../src/tasks/lab/runner.js';
import { renderLabReport } from '../src/tasks/lab/report.js';
import { checkLabCells, LAB_CELL_LABELS, type LabCell } from '../src/tasks/lab/models.js';
import { LAB_DEFAULTS } from '../src/tasks/lab/options.js';
import type { LabTaskName } from '../src/tasks/lab/task.js';
import { formatNumber } from '../src/report/tables.js';
import { backend } from '../src/backend/current.js';

const argv = process.argv.slice(2);
const pick = (flag: string) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const task = (pick('--task') ?? 'adding') as LabTaskName;
const lengths = (pick('--lengths') ?? '100,200').split(',').map(Number);
const cells = checkLabCells((pick('--cells') ?? 'rnn,irnn,lstm,lstm0,gru').split(','));
const seed = Number(pick('--seed') ?? LAB_DEFAULTS.seed);
const minutes = pick('--minutes') === undefined ? undefined : Number(pick('--minutes'));
const steps = pick('--steps') === undefined ? undefined : Number(pick('--steps'));
const clipFlag = pick('--clip');
const clip = clipFlag === undefined ? LAB_DEFAULTS.clip : clipFlag === 'none' ? null : Number(clipFlag);

console.log(`# ${new Date().toISOString()}  node ${process.version}  cores ${availableParallelism()}  load ${loadavg().map((x) => x.toFixed(2)).join(' ')}  backend ${backend().name}`);
console.log(`# ${task}, seed ${seed}, at most ${steps ?? LAB_DEFAULTS.steps} steps or ${minutes ?? LAB_DEFAULTS.minutes} min per model, batch ${LAB_DEFAULTS.batchSize}, hidden ${LAB_DEFAULTS.hiddenSize}, Adam ${LAB_DEFAULTS.lr}, clip ${clip ?? 'none'}`);
const rows: string[] = [];
const t0 = performance.now();
for (const T of lengths) {
  const r = await runLab({ task, length: T, cells, seed, minutes, steps, clip, callbacks: { onModelEnd: (m) => console.log(`  T=${T} ${m.cell}: test ${formatNumber(m.testLoss)} after ${m.steps} steps, ${m.seconds.toFixed(0)} s`) } });
  const out = path.join('bench', 'out', `lab-${task}-${T}${clip === null ? '-noclip' : ''}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'metrics.json'), JSON.stringify(r, null, 1) + '\n');
  writeFileSync(path.join(out, 'report.html'), await renderLabReport(r));
  for (const [cell, m] of Object.entries(r.models) as [LabCell, NonNullable<(typeof r.models)[LabCell]>][]) {
    rows.push(`| ${T} | ${LAB_CELL_LABELS[cell]} | ${formatNumber(m.testLoss)} | ${m.solved ? `yes, step ${m.solvedAtStep}` : 'no'} | ${m.steps} | ${m.seconds.toFixed(0)} | ${formatNumber(m.gradientRatioInit)} | ${formatNumber(m.gradientRatio)} | ${m.horizonInit} | ${m.horizon} |`);
  }
}
console.log(`\n${task}: trivial baseline ${task === 'adding' ? 'MSE 1/6 ≈ 0.167' : 'see the task'}; solved below ${task === 'adding' ? '0.01' : 'the task threshold'}; ${((performance.now() - t0) / 60_000).toFixed(1)} min in all\n`);
console.log('| T | model | test loss | solved | steps | s | ratio at init | ratio trained | horizon at init | horizon trained |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
