// Lab: W5 streaming step (LSTM I=32 H=256, batch 1, one step per call) through the layers and
// as one bare kernel call on resident weights, to split layer overhead from kernel time.
// Run: node --import tsx dev/streaming-lab.ts [threads]
import { performance } from 'node:perf_hooks';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { useBackend } from '../src/backend/current.js';
import { LSTM } from '../src/nn/index.js';
import { tensor } from '../src/tensor/create.js';
import { noGrad } from '../src/autograd/grad-mode.js';
import type { Tensor } from '../src/tensor/tensor.js';
const threads = Number(process.argv[2] ?? 1);
const be = await createWasmBackend({ threads });
useBackend(be);
const I = 32, H = 256;
const lstm = new LSTM({ inputSize: I, hiddenSize: H });
const x = tensor(Float32Array.from({ length: I }, () => Math.random()), [1, 1, I]);
let state: [Tensor, Tensor] | null = null;
const med = (f: () => void, n = 2001) => { for (let i = 0; i < 200; i++) f(); const t: number[] = []; for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } t.sort((a, b) => a - b); return (t[n >> 1] * 1000).toFixed(1) + ' µs (p10 ' + (t[Math.floor(n / 10)] * 1000).toFixed(1) + ')'; };
console.log('model step', med(() => noGrad(() => { const [, s] = lstm.forward(x, state); state = s as [Tensor, Tensor]; })));
const w = lstm.weights[0][0];
const h0 = new Float32Array(H), c0 = new Float32Array(H), out = new Float32Array(H), hN = new Float32Array(H), cN = new Float32Array(H);
const args = { kind: 'lstm' as const, T: 1, B: 1, I, H, lengths: null, reverse: false, x: x.data, wIh: w.weightIh.data, wHh: w.weightHh.data, bIh: w.biasIh!.data, bHh: w.biasHh!.data, h0, c0, out, hN, cN, saved: null };
console.log('kernel call', med(() => be.recurrentForward(args)));
await be.close();
