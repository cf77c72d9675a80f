/**
 * `recurrent diagnose --model DIR DATA`: the gradient flow of a trained forecaster on its own
 * data — ‖∂L/∂h_t‖ per look-back step of every encoder layer, the memory horizon, the decay per
 * step, the first/last ratio, exploding-gradient detection and the spectral radius of W_hh.
 */
import { Command, Option } from 'commander';
import { Forecaster } from '../../tasks/forecaster/forecaster.js';
import { forecasterGradientFlow, type ForecasterFlow } from '../../tasks/lab/forecaster-flow.js';
import { loadReadDefaults } from '../forecast/context.js';
import { MISSING_DEFAULT, readSeries } from '../forecast/read.js';
import { int } from '../flags.js';
import { round, stdio } from '../fit-callbacks.js';

const e = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

function printFlow(r: ForecasterFlow): void {
  stdio.out(`${r.cell.toUpperCase()} encoder, look-back ${r.lookBack}, ${r.windows} windows, loss ${r.loss.toPrecision(4)}\n`);
  for (const l of r.layers) {
    const T = l.norms.length, last = l.norms[T - 1];
    const at = [...new Set([1, Math.ceil(T / 4), Math.ceil(T / 2), Math.ceil((3 * T) / 4), T])];
    stdio.out(`layer ${l.layer}: ‖∂L/∂h_1‖/‖∂L/∂h_T‖ ${e(l.flow.ratio)}  horizon ${l.flow.horizon} of ${T} steps  decay per step ${l.flow.decay.factor.toPrecision(4)}  ` +
      `${l.flow.exploding ? 'EXPLODING' : 'not exploding'}  spectral radius of W_hh ${l.spectralRadius.toPrecision(3)}\n`);
    stdio.out(`  relative norm at t = ${at.map((t) => `${t}: ${e(l.norms[t - 1] / last)}`).join(', ')}\n`);
  }
}

export function diagnoseCommand(): Command {
  return new Command('diagnose')
    .description('gradient flow of a trained forecaster on its own data: per-step gradient norms of its encoder and the measures derived from them')
    .argument('<data>', 'CSV file with the columns the model was trained on')
    .requiredOption('--model <dir>', 'folder written by forecast train')
    .option('--windows <n>', 'windows (the last ones of the file) the norms are averaged over', int, 256)
    .option('--time <col>', 'time column (default: as the model was trained)')
    .option('--delimiter <char>', 'field delimiter (default: as the model was trained, else \',\')')
    .addOption(new Option('--missing <policy>', 'missing values').choices(['interpolate', 'ffill', 'drop', 'error']).default(MISSING_DEFAULT))
    .option('--json', 'the result as one JSON line', false)
    .action(async (file: string, o) => {
      const f = await Forecaster.load(o.model);
      const d = await loadReadDefaults(o.model);
      const { series } = await readSeries(file, f.state!.seriesColumns, { time: o.time ?? d.time, delimiter: o.delimiter ?? d.delimiter, missing: o.missing, duplicates: 'error', fillGaps: false });
      const r = forecasterGradientFlow(f, series, { windows: o.windows });
      if (!o.json) return printFlow(r);
      stdio.out(JSON.stringify({
        event: 'result', model: o.model, cell: r.cell, lookBack: r.lookBack, windows: r.windows, loss: round(r.loss),
        layers: r.layers.map((l) => ({
          layer: l.layer, gradientRatio: round(l.flow.ratio), horizon: l.flow.horizon, decayPerStep: round(l.flow.decay.factor), exploding: l.flow.exploding,
          spectralRadius: round(l.spectralRadius), norms: l.norms.map(round),
        })),
      }) + '\n');
    });
}
