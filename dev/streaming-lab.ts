// Lab: W5 streaming step (LSTM I=32 H=256, batch 1, one step per call) through the layers and
// as one bare kernel call on resident weights, to split layer overhead from kernel time.
// Run: node --import tsx dev/streaming-lab.ts [threads]
import { performance } from 'node:perf_hooks';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { useBackend } from '../src/backend/current.js';
import { LSTM } from '../src/nn/index.js';
import { tensor } from '../src/tensor/create.js';
import { noGrad } from '../src/autograd/grad-mode.js';
import { Tensor } from '../src/tensor/tensor.js';
import { backend } from '../src/backend/current.js';
import type { StreamState } from '../src/nn/recurrent-base.js';

/**
 * The streaming path proposed for RecurrentBase.step (one layer, no graph): one fused kernel
 * call writing fresh state arrays, none of forward()'s checks, stacking and selecting.
 */
function fastStep(m: LSTM, x: Tensor, s: StreamState): Tensor {
  const w = m.weights[0][0];
  const B = x.shape[0], H = m.hiddenSize;
  const out = new Float32Array(B * H), hN = new Float32Array(B * H), cN = new Float32Array(B * H);
  backend().recurrentForward({ kind: 'lstm', T: 1, B, I: m.inputSize, H, lengths: null, reverse: false, x: x.data,
    wIh: w.weightIh.data, wHh: w.weightHh.data, bIh: w.biasIh?.data ?? null, bHh: w.biasHh?.data ?? null,
    h0: s.h.data, c0: s.c!.data, out, hN, cN, saved: null });
  s.h = new Tensor(hN, [1, B, H]);
  s.c = new Tensor(cN, [1, B, H]);
  return new Tensor(out, [B, H]);
}
const threads = Number(process.argv[2] ?? 1);
const be = await createWasmBackend({ threads });
useBackend(be);
const I = 32, H = 256;
const lstm = new LSTM({ inputSize: I, hiddenSize: H });
const x = tensor(Float32Array.from({ length: I }, () => Math.random()), [1, 1, I]);
let state: [Tensor, Tensor] | null = null;
const med = (f: () => void, n = 2001) => { for (let i = 0; i < 200; i++) f(); const t: number[] = []; for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } t.sort((a, b) => a - b); return (t[n >> 1] * 1000).toFixed(1) + ' µs (p10 ' + (t[Math.floor(n / 10)] * 1000).toFixed(1) + ')'; };
console.log('model step', med(() => noGrad(() => { const [, s] = lstm.forward(x, state); state = s as [Tensor, Tensor]; })));
const st = lstm.initState(1);
const x1 = tensor(x.data, [1, I]);
console.log('lstm.step', med(() => noGrad(() => { lstm.step(x1, st); })));
const st2 = lstm.initState(1), st3 = lstm.initState(1);
for (let i = 0; i < 3; i++) {
  const a = noGrad(() => lstm.step(x1, st2)).data, b = fastStep(lstm, x1, st3).data;
  if (a.some((v, j) => Math.abs(v - b[j]) > 1e-6)) throw new Error('fastStep differs from lstm.step');
}
console.log('fastStep (proposed step path)', med(() => { fastStep(lstm, x1, st3); }));
const w = lstm.weights[0][0];
const h0 = new Float32Array(H), c0 = new Float32Array(H), out = new Float32Array(H), hN = new Float32Array(H), cN = new Float32Array(H);
const args = { kind: 'lstm' as const, T: 1, B: 1, I, H, lengths: null, reverse: false, x: x.data, wIh: w.weightIh.data, wHh: w.weightHh.data, bIh: w.biasIh!.data, bHh: w.biasHh!.data, h0, c0, out, hN, cN, saved: null };
console.log('kernel call', med(() => be.recurrentForward(args)));
await be.close();
