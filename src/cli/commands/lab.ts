/**
 * `recurrent lab adding|copy|reber`: the long-dependency suite. Trains each model of --cells on
 * the task, writes report.html and metrics.json into --out, and prints one line per evaluation
 * (JSON lines with --json, the last one the result). The flags map one to one onto LabOptions,
 * with the defaults of LAB_DEFAULTS.
 */
import { mkdir } from 'node:fs/promises';
import nodePath from 'node:path';
import { Command } from 'commander';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { LAB_DEFAULTS as D, type LabCallbacks } from '../../tasks/lab/options.js';
import { runLab } from '../../tasks/lab/runner.js';
import { checkLabCells, LAB_CELLS, LAB_CELL_LABELS } from '../../tasks/lab/models.js';
import { DEFAULT_LENGTHS, labTask, LAB_TASKS } from '../../tasks/lab/tasks.js';
import type { LabResult } from '../../tasks/lab/result.js';
import { renderLabReport } from '../../tasks/lab/report.js';
import { int, names, num, numOrNone, orNull } from '../flags.js';
import { round, stdio, type Output } from '../fit-callbacks.js';

/** The run's events as JSON lines, or one plain line per evaluation (stderr on a terminal, where it overwrites itself). */
function labCallbacks(o: Output, json: boolean, baseline: number): LabCallbacks {
  if (json) return { onEval: (e) => o.out(JSON.stringify({ event: 'eval', model: e.cell, step: e.step, trainLoss: round(e.trainLoss), testLoss: round(e.testLoss), seconds: round(e.seconds) }) + '\n') };
  const line = (cell: string, step: number, train: number, test: number, s: number) =>
    `${cell.padEnd(6)} step ${String(step).padStart(6)}  train ${Number.isFinite(train) ? train.toPrecision(4) : '-'.padEnd(6)}  test ${test.toPrecision(4)}  (baseline ${baseline.toPrecision(3)})  ${s.toFixed(1)} s`;
  const tty = o.tty;
  return {
    onModelBegin: ({ cell, index, count }) => o.out(`[${index + 1}/${count}] ${LAB_CELL_LABELS[cell]}\n`),
    onEval: (e) => {
      const text = line(e.cell, e.step, e.trainLoss, e.testLoss, e.seconds);
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else o.out(text + '\n');
    },
    onModelEnd: (m) => {
      if (tty) process.stderr.write('\r\x1b[K');
      o.out(`${m.cell.padEnd(6)} test ${m.testLoss.toPrecision(4)}  ${m.solved ? 'solved' : 'not solved'} after ${m.steps} steps (${m.stopReason})  gradient ratio ${m.gradientRatio.toExponential(2)}  horizon ${m.horizon}\n`);
    },
  };
}

/** The result line of --json: per model the four numbers of the issue. */
export function resultLine(r: LabResult, out: string): Record<string, unknown> {
  const models = Object.fromEntries(Object.entries(r.models).map(([cell, m]) => [cell, { testLoss: round(m!.testLoss), solved: m!.solved, gradientRatio: round(m!.gradientRatio), horizon: m!.horizon }]));
  return { event: 'result', task: r.task, length: r.length, baseline: round(r.baseline), models, out };
}

export function labCommand(): Command {
  return new Command('lab')
    .description('the long-dependency suite: train each cell on a task with a trivial baseline, measure its gradient flow, write report.html and metrics.json')
    .argument('<task>', `${LAB_TASKS.join(' | ')}`)
    .option('--length <T>', `sequence length (copy: blanks); default ${Object.entries(DEFAULT_LENGTHS).map(([k, v]) => `${k} ${v}`).join(', ')}`, int)
    .option('--cells <list>', `models, comma-separated, of ${LAB_CELLS.join(', ')}`, names, [...D.cells])
    .option('--steps <n>', 'most optimizer steps per model', int, D.steps)
    .option('--minutes <m>', 'wall-clock budget per model', num, D.minutes)
    .option('--seed <n>', 'seed of the weights and the data', int, D.seed)
    .option('--clip <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clip ?? 'none')
    .option('--hidden-size <n>', 'hidden units', int, D.hiddenSize)
    .option('--batch-size <n>', 'sequences per step', int, D.batchSize)
    .option('--lr <rate>', 'Adam learning rate', num, D.lr)
    .option('--eval-every <n>', 'steps between evaluations on the test batch', int, D.evalEvery)
    .option('--out <dir>', 'output folder (default: lab-TASK-T)')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (taskName: string, o) => {
      const task = labTask(taskName, o.length); // refuses a bad task or length before anything runs
      const cells = checkLabCells(o.cells);
      const out: string = o.out ?? `lab-${task.name}-${task.length}`;
      const result = await runLab({
        task: task.name, length: task.length, cells, steps: o.steps, minutes: o.minutes, seed: o.seed, clip: orNull(o.clip),
        hiddenSize: o.hiddenSize, batchSize: o.batchSize, lr: o.lr, evalEvery: o.evalEvery,
        callbacks: labCallbacks(stdio, o.json, task.baseline),
      });
      await mkdir(out, { recursive: true });
      await atomicWriteFile(nodePath.join(out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
      await atomicWriteFile(nodePath.join(out, 'report.html'), await renderLabReport(result));
      if (o.json) stdio.out(JSON.stringify(resultLine(result, out)) + '\n');
      else stdio.out(`wrote ${nodePath.join(out, 'report.html')} and metrics.json\n`);
    });
}
