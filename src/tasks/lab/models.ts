/**
 * The models of the lab, side by side: one recurrent layer and a linear read-out, differing only
 * in the cell and its initialisation.
 *
 *   rnn    tanh RNN, PyTorch's initialisation (every weight U(−1/√H, 1/√H))
 *   irnn   ReLU RNN with W_hh = I and zero biases (Le et al. 2015)
 *   lstm   LSTM with forget-gate bias 1 (Jozefowicz et al. 2015; Keras's unit_forget_bias)
 *   lstm0  LSTM with PyTorch's default initialisation (forget-gate bias ~ 0)
 *   gru    GRU, PyTorch's initialisation
 */
import { Module } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { eye_, lstmForgetBias_, zeros_ } from '../../nn/init.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import type { Generator } from '../../random/generator.js';
import { ValueError } from '../../errors.js';
import type { LabTask } from './task.js';

/** The cells of the lab. */
export type LabCell = 'rnn' | 'irnn' | 'lstm' | 'lstm0' | 'gru';
/** Every {@link LabCell}, in the order the lab trains and reports them. */
export const LAB_CELLS: readonly LabCell[] = ['rnn', 'irnn', 'lstm', 'lstm0', 'gru'];

/** One line per cell, for reports and `--help`. */
export const LAB_CELL_LABELS: Readonly<Record<LabCell, string>> = {
  rnn: 'tanh RNN',
  irnn: 'IRNN (ReLU, W_hh = I)',
  lstm: 'LSTM, forget bias 1',
  lstm0: 'LSTM, forget bias 0 (PyTorch)',
  gru: 'GRU',
};

/** `cells` checked against LAB_CELLS (ValueError naming the first unknown one), duplicates dropped. */
export function checkLabCells(cells: readonly string[]): LabCell[] {
  if (cells.length === 0) throw new ValueError(`lab: no cells given; expected some of ${LAB_CELLS.join(', ')}`);
  const bad = cells.find((c) => !(LAB_CELLS as readonly string[]).includes(c));
  if (bad !== undefined) throw new ValueError(`lab: unknown cell '${bad.slice(0, 40)}'; expected some of ${LAB_CELLS.join(', ')}`);
  return [...new Set(cells)] as LabCell[];
}

/** What a lab model is made of (enough to rebuild it, e.g. in float64 for the diagnostics). */
export interface LabModelSpec {
  readonly cell: LabCell;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  readonly readout: 'last' | 'all';
}

/**
 * One recurrent layer (batch first) and a linear head: for readout 'last' ŷ = h_T·Wᵀ + b [B, O],
 * for 'all' ŷ_t = h_t·Wᵀ + b [B, T, O].
 */
export class LabNet extends Module {
  readonly recurrent: RNN | LSTM | GRU;
  readonly head: Linear;
  constructor(readonly spec: LabModelSpec, options: { generator?: Generator; dtype?: DType } = {}) {
    super();
    const { cell, inputSize, hiddenSize } = spec;
    const rec = { inputSize, hiddenSize, batchFirst: true, generator: options.generator, dtype: options.dtype };
    const layer = cell === 'lstm' || cell === 'lstm0' ? new LSTM(rec) : cell === 'gru' ? new GRU(rec) : new RNN({ ...rec, nonlinearity: cell === 'irnn' ? 'relu' : 'tanh' });
    if (cell === 'lstm') lstmForgetBias_(layer, 1);
    if (cell === 'irnn') {
      const w = layer.weights[0][0];
      eye_(w.weightHh);
      if (w.biasIh) zeros_(w.biasIh);
      if (w.biasHh) zeros_(w.biasHh);
    }
    this.recurrent = this.registerModule('recurrent', layer);
    this.head = this.registerModule('head', new Linear(hiddenSize, spec.outputSize, { generator: options.generator, dtype: options.dtype }));
  }

  /** x [B, T, I] → [B, O] ('last') or [B, T, O] ('all'). */
  forward(x: Tensor): Tensor {
    const out = this.recurrent.forward(x)[0]; // [B, T, H]
    if (this.spec.readout === 'all') return this.head.forward(out);
    return this.head.forward(out.select(1, out.shape[1] - 1)); // h_T [B, H]
  }
}

/** The lab model of `cell` for `task`. */
export function labModel(cell: LabCell, task: LabTask, hiddenSize: number, options: { generator?: Generator; dtype?: DType } = {}): LabNet {
  return new LabNet({ cell, inputSize: task.inputSize, hiddenSize, outputSize: task.outputSize, readout: task.readout }, options);
}
