import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../tensor/tensor.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { RNN } from './rnn.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { RNNCell, LSTMCell, GRUCell } from './cells.js';
import type { Module } from './module.js';
import { backend, useBackend } from '../backend/current.js';
import { jsBackend } from '../backend/js/index.js';
import type { Backend } from '../backend/backend.js';
import { assertClose } from '../../test/helpers/gradcheck.js';

// Reference values computed with PyTorch (scripts/fixtures/make_rnn_fixtures.py), committed as JSON.
interface Arr { shape: number[]; data: number[] }
interface Fixture {
  name: string;
  mode: 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';
  config: { inputSize: number; hiddenSize: number; numLayers: number; bias: boolean; batchFirst: boolean; bidirectional: boolean; nonlinearity?: 'tanh' | 'relu' };
  params: Record<string, Arr>;
  input: Arr;
  h0: Arr | null;
  c0: Arr | null;
  lengths: number[] | null;
  seeds: { out: Arr; hN: Arr | null; cN: Arr | null };
  expected: { out: Arr; hN: Arr | null; cN: Arr | null };
  grads: { input: Arr; h0: Arr | null; c0: Arr | null; params: Record<string, Arr> };
}

const dir = join(process.cwd(), 'test/fixtures/rnn');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function toTensor(a: Arr, dtype: DType, requiresGrad = false): Tensor {
  const d = alloc(dtype, a.data.length);
  d.set(a.data);
  return new Tensor(d, a.shape, requiresGrad);
}

function build(f: Fixture, dtype: DType): Module {
  const c = { ...f.config, dtype };
  switch (f.mode) {
    case 'RNN_TANH': return new RNN({ ...c, nonlinearity: 'tanh' });
    case 'RNN_RELU': return new RNN({ ...c, nonlinearity: 'relu' });
    case 'LSTM': return new LSTM(c);
    case 'GRU': return new GRU(c);
    case 'RNNCell': return new RNNCell(c.inputSize, c.hiddenSize, { bias: c.bias, dtype, nonlinearity: c.nonlinearity });
    case 'LSTMCell': return new LSTMCell(c.inputSize, c.hiddenSize, { bias: c.bias, dtype });
    case 'GRUCell': return new GRUCell(c.inputSize, c.hiddenSize, { bias: c.bias, dtype });
  }
}

function run(f: Fixture, dtype: DType, tol: { atol: number; rtol: number }): void {
  const m = build(f, dtype);
  const dict: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(f.params)) dict[k] = toTensor(v, dtype);
  m.loadStateDict(dict);
  const x = toTensor(f.input, dtype, true);
  const h0 = f.h0 ? toTensor(f.h0, dtype, true) : null;
  const c0 = f.c0 ? toTensor(f.c0, dtype, true) : null;
  const opts = f.lengths ? { lengths: f.lengths } : {};
  let out: Tensor, hN: Tensor | null = null, cN: Tensor | null = null;
  if (m instanceof LSTM) [out, [hN, cN]] = m.forward(x, h0 && c0 ? [h0, c0] : null, opts);
  else if (m instanceof RNN || m instanceof GRU) [out, hN] = m.forward(x, h0, opts);
  else if (m instanceof LSTMCell) [out, cN] = m.forward(x, [h0!, c0!]);
  else out = (m as RNNCell | GRUCell).forward(x, h0);
  assertClose(out.data, f.expected.out.data, { ...tol, msg: `${f.name} out` });
  if (f.expected.hN) assertClose(hN!.data, f.expected.hN.data, { ...tol, msg: `${f.name} hN` });
  if (f.expected.cN) assertClose(cN!.data, f.expected.cN.data, { ...tol, msg: `${f.name} cN` });
  let loss = out.mul(toTensor(f.seeds.out, dtype)).sum();
  if (f.seeds.hN && hN) loss = loss.add(hN.mul(toTensor(f.seeds.hN, dtype)).sum());
  if (f.seeds.cN && cN) loss = loss.add(cN.mul(toTensor(f.seeds.cN, dtype)).sum());
  loss.backward();
  assertClose(x.grad!.data, f.grads.input.data, { ...tol, msg: `${f.name} input grad` });
  if (f.grads.h0) assertClose(h0!.grad!.data, f.grads.h0.data, { ...tol, msg: `${f.name} h0 grad` });
  if (f.grads.c0) assertClose(c0!.grad!.data, f.grads.c0.data, { ...tol, msg: `${f.name} c0 grad` });
  const named = new Map(m.namedParameters());
  for (const [k, v] of Object.entries(f.grads.params)) assertClose(named.get(k)!.grad!.data, v.data, { ...tol, msg: `${f.name} ${k} grad` });
}

// float64 always runs on the reference kernels; float32 runs on the reference and on the
// default backend (WebAssembly where it loads).
const defaultBackend = backend();
const backends: Backend[] = defaultBackend === jsBackend ? [jsBackend] : [jsBackend, defaultBackend];

function on<T>(b: Backend, fn: () => T): T {
  const prev = backend();
  useBackend(b);
  try {
    return fn();
  } finally {
    useBackend(prev);
  }
}

for (const file of files) {
  const f = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
  test(`PyTorch parity (float64, 1e-9): ${f.name}`, () => run(f, 'float64', { atol: 1e-9, rtol: 1e-9 }));
  for (const b of backends) {
    test(`PyTorch parity (float32 on ${b.name}, 1e-4 relative): ${f.name}`, () => on(b, () => run(f, 'float32', { atol: 1e-5, rtol: 1e-4 })));
  }
}
