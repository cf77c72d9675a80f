// Model-level workloads W1–W6, built from the library's own layers, losses and optimizer, as a
// user would write them. Time-major inputs [T, B, ·]. FLOPs count the matmuls (2·m·n·k).
import type { Backend } from '../../src/backend/backend.js';
import { useBackend } from '../../src/backend/current.js';
import { noGrad } from '../../src/autograd/grad-mode.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { performance } from 'node:perf_hooks';
import { Embedding, GRU, LSTM, Linear, Module, RNN } from '../../src/nn/index.js';
import { crossEntropy, mseLoss } from '../../src/losses/index.js';
import { Adam } from '../../src/optim/index.js';
import { fit } from '../../src/train/fit.js';
import type { Callback, TrainData } from '../../src/train/types.js';
import { interleaved, type InterleavedWorkload, type Workload } from './kernels.js';
import { GradientNormRecorder } from '../../src/diagnostics/gradient-norms.js';

function rand(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, () => Math.random() * 2 - 1), shape);
}

/** Matmul FLOPs of a recurrent train step (forward, BPTT without dx unless asked) or forward. */
function recFlops(G: number, T: number, B: number, I: number, H: number, train: boolean, dx = false): number {
  const TB = T * B, GH = G * H;
  const fwd = 2 * TB * GH * (I + H);
  return train ? fwd + 2 * TB * GH * (H + I + H) + (dx ? 2 * TB * I * GH : 0) : fwd;
}

type Cell = 'rnn' | 'lstm' | 'gru';

function layer(cell: Cell, I: number, H: number): RNN | LSTM | GRU {
  const o = { inputSize: I, hiddenSize: H };
  return cell === 'rnn' ? new RNN(o) : cell === 'lstm' ? new LSTM(o) : new GRU(o);
}

/** W1–W3: recurrent layer → Linear(1) on the last step, MSE, Adam; with `norms`, a GradientNormRecorder on every forward. */
function regression(name: string, cell: Cell, H: number, norms = false): Workload {
  const T = 100, B = 32, I = 32, G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  return {
    name, what: `${cell}(H=${H}) → Linear(1) on the last step, MSE, Adam; B=${B} T=${T} I=${I}${norms ? '; gradient norms recorded' : ''}`,
    flops: recFlops(G, T, B, I, H, true) + 3 * 2 * B * H, items: B, itemsUnit: 'seq',
    setup: (be: Backend) => {
      useBackend(be);
      const rnn = layer(cell, I, H), head = new Linear(H, 1);
      const opt = new Adam([...rnn.parameters(), ...head.parameters()], { lr: 1e-3 });
      const x = rand([T, B, I]), target = rand([B, 1]);
      const gradientNorms = norms ? new GradientNormRecorder() : undefined;
      return () => {
        useBackend(be);
        opt.zeroGrad();
        const [out] = rnn.forward(x, null, { gradientNorms });
        const loss = mseLoss(head.forward(out.select(0, T - 1)), target);
        loss.backward();
        opt.step();
      };
    },
  };
}

/** The recurrent layer → Linear(1) on the last step of W1–W3, as one module for fit. */
class LastStep extends Module {
  constructor(readonly rnn: RNN | LSTM | GRU, readonly head: Linear) {
    super();
    this.registerModule('rnn', rnn);
    this.registerModule('head', head);
  }

  forward(x: Tensor): Tensor {
    const [out] = this.rnn.forward(x); // [T, B, H]
    return this.head.forward(out.select(0, out.shape[0] - 1));
  }
}

/**
 * What a progress bar does each step, without drawing it: percentage, steps/s, ETA and the
 * formatted line (kept in `line`, so the work is not optimised away).
 */
function progressWork(): Callback & { line: string } {
  let t0 = 0, total = 0;
  const cb = {
    line: '',
    onTrainBegin: (i: { epochs: number; batchesPerEpoch: number }) => {
      t0 = performance.now();
      total = i.epochs * i.batchesPerEpoch;
    },
    onStep: (s: { step: number; epoch: number; loss: number }) => {
      const seconds = (performance.now() - t0) / 1000;
      const rate = s.step / Math.max(1e-3, seconds);
      const filled = Math.round((40 * s.step) / total);
      cb.line = `[${'█'.repeat(filled)}${'░'.repeat(40 - filled)}] ${((100 * s.step) / total).toFixed(0)}% | epoch ${s.epoch} | loss ${s.loss.toPrecision(4)} | ${rate.toFixed(0)} steps/s | ETA ${((total - s.step) / rate).toFixed(0)}s`;
    },
  };
  return cb;
}

/**
 * W2 trained through `fit` with a progress callback: the same model, batch and Adam (lr 1e-3,
 * no clipping, as W2), so the difference to W2 is the loop's own cost (batching, the loss read
 * back, the gradient norm, logs, callbacks, a yield to the event loop per step). A sample is the
 * time from one onStep call to the next, less the raw W2 step that the timing callback runs in
 * between (the interleaved baseline). The data source hands out W2's one batch, as W2 reuses it.
 */
function regressionFit(name: string, base: Workload, cell: Cell, H: number): InterleavedWorkload {
  const T = 100, B = 32, I = 32;
  return {
    ...base, name, baseline: base.name, comparison: 'through fit against the raw loop', what: `${base.name} through fit (clipNorm null, progress callback); from one onStep call to the next, less the ${base.name} step run in between`,
    setup: () => {
      throw new Error(`${name} is timed through fit (timeSteps), not a setup step`);
    },
    timeSteps: async (be, warmup, samples) => {
      const rawStep = base.setup(be);
      useBackend(be);
      const model = new LastStep(layer(cell, I, H), new Linear(H, 1));
      const batch = { x: rand([T, B, I]), y: rand([B, 1]) };
      const data: TrainData<typeof batch> = { length: B * (warmup + samples + 1), batch: () => batch };
      const fitMs: number[] = [], rawMs: number[] = [];
      let left = 0; // when the timing callback last returned
      await fit(model, data, {
        loss: (m, b) => mseLoss(m.forward(b.x), b.y), epochs: 1, batchSize: B, lr: 1e-3, clipNorm: null, shuffle: false,
        callbacks: [progressWork(), {
          onStep: (s) => {
            const t0 = performance.now();
            if (s.step > warmup + 1) fitMs.push(t0 - left);
            rawStep();
            if (s.step > warmup) rawMs.push(performance.now() - t0);
            useBackend(be);
            left = performance.now();
          },
        }],
      });
      return { steps: fitMs, baseline: rawMs.slice(0, fitMs.length) };
    },
  };
}

/**
 * W4: char LM, Embedding(65, 64) → LSTM(256) → Linear(65) on every step, cross-entropy, Adam.
 * LM512: the same with LSTM(512), the language-model benchmark's model (bench/lm.ts).
 */
function charLM(name: string, H: number): Workload {
  const T = 100, B = 32, V = 65, E = 64;
  return {
    name, what: `Embedding(${V},${E}) → LSTM(${H}) → Linear(${V}) every step, cross-entropy, Adam; B=${B} T=${T}`,
    flops: recFlops(4, T, B, E, H, true, true) + 3 * 2 * T * B * H * V, items: B, itemsUnit: 'seq',
    setup: (be: Backend) => {
      useBackend(be);
      const emb = new Embedding(V, E), lstm = new LSTM({ inputSize: E, hiddenSize: H }), head = new Linear(H, V);
      const opt = new Adam([...emb.parameters(), ...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
      const ids = Int32Array.from({ length: T * B }, () => Math.floor(Math.random() * V));
      const targets = Int32Array.from({ length: T * B }, () => Math.floor(Math.random() * V));
      return () => {
        useBackend(be);
        opt.zeroGrad();
        const [out] = lstm.forward(emb.forward(ids, [T, B]));
        const loss = crossEntropy(head.forward(out.reshape([T * B, H])), targets);
        loss.backward();
        opt.step();
      };
    },
  };
}

/** W5: streaming inference, LSTM batch 1, one step per call, state carried. */
function streaming(): Workload {
  const I = 32, H = 256;
  return {
    name: 'W5', what: `LSTM(I=${I}, H=${H}) inference, batch 1, one step per call, state carried`,
    flops: recFlops(4, 1, 1, I, H, false), items: 1, itemsUnit: 'steps',
    setup: (be: Backend) => {
      useBackend(be);
      const lstm = new LSTM({ inputSize: I, hiddenSize: H }).eval();
      const x = rand([1, I]);
      const state = lstm.initState(1); // carried across calls, updated in place
      return () => {
        useBackend(be);
        noGrad(() => lstm.step(x, state));
      };
    },
  };
}

/** W6: inference, LSTM forward only. */
function inference(): Workload {
  const T = 100, B = 64, I = 32, H = 256;
  return {
    name: 'W6', what: `LSTM(H=${H}) forward only, B=${B} T=${T} I=${I}`,
    flops: recFlops(4, T, B, I, H, false), items: B, itemsUnit: 'seq',
    setup: (be: Backend) => {
      useBackend(be);
      const lstm = new LSTM({ inputSize: I, hiddenSize: H });
      const x = rand([T, B, I]);
      return () => {
        useBackend(be);
        noGrad(() => lstm.forward(x));
      };
    },
  };
}

const W1 = regression('W1', 'rnn', 128);
const W2 = regression('W2', 'lstm', 128);
const NORMS = 'with gradient norms against the same step without';

export const MODEL_WORKLOADS: Workload[] = [
  W1, interleaved('W1-norms', W1, regression('W1', 'rnn', 128, true), NORMS),
  W2, interleaved('W2-norms', W2, regression('W2', 'lstm', 128, true), NORMS),
  regressionFit('W2-fit', W2, 'lstm', 128), regression('W2b', 'lstm', 512), regression('W3', 'gru', 256),
  charLM('W4', 256), streaming(), inference(), charLM('LM512', 512),
];
