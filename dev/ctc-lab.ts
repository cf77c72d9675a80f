// Lab: does the CTC kernel need a compiled (wasm/native) version? Times the reference kernel
// (loss and gradient in one call) on T=100, N=32, C=11, S=8 — about 1 s of audio at a 10 ms hop,
// a batch of digit strings, ten digits and the blank — next to the network it would train: a
// bidirectional LSTM (39 MFCC+Δ+ΔΔ features, H units a direction) with a linear head to C and
// a log-softmax, forward and backward; and the first, pairwise-log1p version of the kernel
// (dev/ctc-variants/pairwise.ts). Run: node --import tsx dev/ctc-lab.ts [H] [backend] [threads]
//
// On a shared 2-core AMD EPYC (fastest of 21 kernel calls, of 7 steps):
//   kernel, loss + gradient 4.3–4.8 ms (loss only 1.5–1.7 ms); pairwise log1p 5.3–5.6 ms
//   H=128 native 1 thread: network 122 ms, CTC 4.5 ms = 3.5 %; 2 threads: 92 ms, 4.6 %
//   H=128 wasm 1 thread: 157 ms, 2.8 %;  js: 2985 ms, 0.1 %
//   H=64 native 1 thread: network 21–27 ms, CTC 4.2 ms = 13–17 %
// So a compiled kernel would not matter at H ≥ 128 (under 5 % of a step, of which it could save
// perhaps half: the cost is exp and log, which V8 already runs natively). For small models
// (H = 64) CTC is an eighth to a sixth of the step; the cheaper next step there is to spread the N
// independent sequences over the backend's threads, before any wasm/native port.
import { performance } from 'node:perf_hooks';
import { LSTM, Linear, Tensor, backend, setBackend, ctcLoss, type BackendName } from '../src/index.js';
import { jsBackend } from '../src/backend/js/index.js';
import { ctcLossPairwise } from './ctc-variants/pairwise.js';

const H = Number(process.argv[2] ?? 128), name = (process.argv[3] ?? 'auto') as BackendName;
const threads = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const T = 100, N = 32, C = 11, S = 8, I = 39;
await setBackend(name, threads === undefined ? {} : { threads });
console.log(`backend ${backend().name}${threads === undefined ? '' : ` threads ${threads}`}, LSTM ${I}→2×${H} bidirectional, T${T} N${N} C${C} S${S}`);

// the fastest of n runs: on a shared machine the minimum is the least disturbed estimate
const best = (f: () => void, n = 21): number => {
  f();
  const t: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  return Math.min(...t);
};
const rnd = (n: number, s = 1) => Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * s);

// targets: S digits 1…10 each, input lengths 80…100, target lengths 4…8
const targets = Int32Array.from({ length: N * S }, () => 1 + Math.floor(Math.random() * (C - 1)));
const inputLengths = Int32Array.from({ length: N }, (_, n) => T - (n % 21));
const targetLengths = Int32Array.from({ length: N }, (_, n) => S - (n % 5));

// the kernel alone, float32, with and without the gradient
const logits = new Tensor(rnd(T * N * C, 3), [T, N, C]);
const lp = logits.logSoftmax(-1).data;
const targetOffsets = Int32Array.from({ length: N }, (_, n) => n * S);
const loss = new Float32Array(N), grad = new Float32Array(T * N * C);
const args = { logProbs: lp, T, N, C, targets, targetOffsets, inputLengths, targetLengths, blank: 0, zeroInfinity: true, loss };
const kernelGrad = best(() => jsBackend.ctcLoss({ ...args, grad }));
const kernelLoss = best(() => jsBackend.ctcLoss({ ...args, grad: null }));
const pairGrad = best(() => ctcLossPairwise({ ...args, grad: new Float32Array(T * N * C) }));
const pairLoss = best(() => ctcLossPairwise({ ...args, grad: null }));
console.log(`ctcLoss kernel (js): loss + gradient ${kernelGrad.toFixed(2)} ms, loss only ${kernelLoss.toFixed(2)} ms; pairwise-log1p variant ${pairGrad.toFixed(2)} ms, ${pairLoss.toFixed(2)} ms`);

// one training step's forward and backward: LSTM, head, log-softmax, CTC
const lstm = new LSTM({ inputSize: I, hiddenSize: H, bidirectional: true });
const head = new Linear(2 * H, C);
const x = new Tensor(rnd(T * N * I), [T, N, I]);
const tNet: number[] = [], tCtc: number[] = [];
const step = (): void => {
  const t0 = performance.now();
  const [out] = lstm.forward(x, null, { lengths: inputLengths }); // [T, N, 2H]
  const lpT = head.forward(out).logSoftmax(-1); // [T, N, C]
  const t1 = performance.now();
  const l = ctcLoss(lpT, targets, inputLengths, targetLengths, { zeroInfinity: true });
  const t2 = performance.now();
  l.backward(); // includes ctcLoss's own backward: one elementwise multiply of [T, N, C]
  const t3 = performance.now();
  tNet.push(t1 - t0 + (t3 - t2));
  tCtc.push(t2 - t1);
};
for (let i = 0; i < 8; i++) step();
const net = Math.min(...tNet.slice(1)), ctc = Math.min(...tCtc.slice(1)); // the first is warm-up
console.log(`training step (fastest of 7): network forward + backward ${net.toFixed(1)} ms, ctcLoss forward ${ctc.toFixed(2)} ms, CTC share ${(100 * ctc / (net + ctc)).toFixed(1)} %`);
process.exit(0); // the compiled backends keep worker threads alive
