// GRU with the reset gate before the hidden projection (Keras reset_after=False): the fused
// reference kernel against a step-by-step float64 evaluation of the equations, its BPTT against
// central finite differences (every weight, input and initial state; layers, directions,
// lengths), and the option carried through a saved model file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradcheck, randLeaf, assertClose } from '../../../test/helpers/gradcheck.js';
import { Generator } from '../../random/generator.js';
import { Tensor } from '../../tensor/tensor.js';
import { GRU } from '../../nn/gru.js';
import { save, load } from '../../models/builders.js';
import { ManyToOne } from '../../models/many-to-one.js';
import { GRUCell } from '../../nn/cells.js';
import { gateSaturation } from '../../diagnostics/saturation.js';
import { ValueError } from '../../errors.js';

const g = new Generator(11);
const f64 = { dtype: 'float64' as const, generator: g };
const sig = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * One layer, one direction, written out per element: r, z = σ(W x + b_i + U h + b_h),
 * n = tanh(W_n x + b_in + U_n (r ⊙ h) + b_hn), h' = (1 − z) n + z h. x [T, B, I], h0 [B, H].
 */
function naive(gru: GRU, x: Tensor, h0: Float64Array): Float64Array {
  const [T, B, I] = x.shape;
  const H = gru.hiddenSize;
  const w = gru.weights[0][0];
  const Wi = w.weightIh.data, Wh = w.weightHh.data, bi = w.biasIh!.data, bh = w.biasHh!.data;
  const out = new Float64Array(T * B * H);
  const h = Float64Array.from(h0);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const xt = (j: number) => x.data[(t * B + b) * I + j];
      const hb = h.slice(b * H, b * H + H);
      const pre = (gate: number, k: number, v: ArrayLike<number>) => {
        let s = bi[gate * H + k] + bh[gate * H + k];
        for (let j = 0; j < I; j++) s += Wi[(gate * H + k) * I + j] * xt(j);
        for (let j = 0; j < H; j++) s += Wh[(gate * H + k) * H + j] * v[j];
        return s;
      };
      const r = Array.from({ length: H }, (_, k) => sig(pre(0, k, hb)));
      const z = Array.from({ length: H }, (_, k) => sig(pre(1, k, hb)));
      const rh = hb.map((v, j) => r[j] * v);
      for (let k = 0; k < H; k++) {
        const n = Math.tanh(pre(2, k, rh));
        h[b * H + k] = (1 - z[k]) * n + z[k] * hb[k];
        out[(t * B + b) * H + k] = h[b * H + k];
      }
    }
  }
  return out;
}

test('GRU resetAfter false: the fused kernel equals the equations written out, and differs from resetAfter true', () => {
  const gru = new GRU({ inputSize: 3, hiddenSize: 5, resetAfter: false, ...f64 });
  const x = randLeaf([4, 2, 3], g);
  const h0 = randLeaf([1, 2, 5], g, 0.5);
  const [out, hN] = gru.forward(x, h0);
  const expected = naive(gru, x, h0.data as Float64Array);
  assertClose(out.data, expected, { atol: 1e-12, msg: 'out' });
  assertClose(hN.data, expected.subarray(3 * 2 * 5), { atol: 1e-12, msg: 'hN' });
  const after = new GRU({ inputSize: 3, hiddenSize: 5, ...f64 });
  after.loadStateDict(gru.stateDict());
  const [outAfter] = after.forward(x, h0);
  assert.ok(outAfter.data.some((v, i) => Math.abs(v - out.data[i]) > 1e-6), 'the two variants compute different functions');
});

test('GRU resetAfter false: finite differences through every weight, input and initial state, with lengths', () => {
  for (const options of [{ numLayers: 2, bidirectional: true }, { batchFirst: true }, { bias: false }]) {
    const m = new GRU({ inputSize: 3, hiddenSize: 4, resetAfter: false, ...options, ...f64 });
    const x = randLeaf(m.batchFirst ? [3, 5, 3] : [5, 3, 3], g);
    const h0 = randLeaf([m.numLayers * m.numDirections, 3, 4], g, 0.5);
    const fwd = ([xi, hi]: Tensor[]) => m.forward(xi, hi, { lengths: [5, 2, 4] });
    gradcheck(fwd, [x, h0]);
    // The parameters are perturbed in place, so the closure reads them from the module.
    gradcheck(() => fwd([x, h0]), m.parameters() as Tensor[]);
  }
});

test('GRU resetAfter false: the streaming step equals the full-sequence forward', () => {
  const gru = new GRU({ inputSize: 2, hiddenSize: 3, numLayers: 2, resetAfter: false, ...f64 });
  const x = randLeaf([6, 1, 2], g);
  const [full] = gru.forward(x);
  gru.eval();
  const s = gru.initState(1);
  for (let t = 0; t < 6; t++) assertClose(gru.step(x.select(0, t), s).data, full.select(0, t).data, { atol: 1e-12, msg: `step ${t}` });
});

test('GRU resetAfter: the option is refused when not a boolean, and travels through save and load', async () => {
  assert.throws(() => new GRU({ inputSize: 2, hiddenSize: 3, resetAfter: 'no' as unknown as boolean }), (e: unknown) => e instanceof ValueError && /resetAfter must be true or false/.test(e.message));
  assert.equal(new GRU({ inputSize: 2, hiddenSize: 3 }).resetAfter, true);
  assert.equal('resetAfter' in new GRU({ inputSize: 2, hiddenSize: 3 }).config().options, false, 'the default writes nothing new to a config');
  const dir = mkdtempSync(join(tmpdir(), 'gru-reset-before-'));
  try {
    const gru = new GRU({ inputSize: 2, hiddenSize: 3, resetAfter: false, ...f64 });
    await save(join(dir, 'm.safetensors'), gru);
    const again = await load<GRU>(join(dir, 'm.safetensors'));
    assert.ok(again instanceof GRU);
    assert.equal(again.resetAfter, false);
    const x = randLeaf([4, 2, 2], g);
    assert.deepEqual(again.forward(x)[0].toArray(), gru.forward(x)[0].toArray());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sequence models take resetAfter for cell gru only, and keep it through save and load', async () => {
  assert.throws(() => new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 1, resetAfter: false }), (e: unknown) => e instanceof ValueError && /resetAfter applies to cell 'gru' only/.test(e.message));
  const m = new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, resetAfter: false, dtype: 'float64', generator: g });
  assert.equal((m.recurrent as GRU).resetAfter, false);
  const dir = mkdtempSync(join(tmpdir(), 'gru-reset-before-'));
  try {
    await save(join(dir, 'm.safetensors'), m);
    const again = await load<ManyToOne>(join(dir, 'm.safetensors'));
    assert.equal((again.recurrent as GRU).resetAfter, false);
    const x = randLeaf([2, 4, 2], g);
    assert.deepEqual(again.forward(x).toArray(), m.forward(x).toArray());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GRUCell resetAfter false: one step of the layer, finite differences, and saved with its option', async () => {
  const cell = new GRUCell(3, 4, { resetAfter: false, ...f64 });
  assert.equal(cell.resetAfter, false);
  assert.equal(cell.config().options.resetAfter, false);
  const gru = new GRU({ inputSize: 3, hiddenSize: 4, resetAfter: false, ...f64 });
  gru.loadStateDict({ weight_ih_l0: cell.weightIh, weight_hh_l0: cell.weightHh, bias_ih_l0: cell.biasIh!, bias_hh_l0: cell.biasHh! });
  const x = randLeaf([2, 3], g);
  const h = randLeaf([2, 4], g, 0.5);
  assertClose(cell.forward(x, h).data, gru.forward(x.unsqueeze(0), h.unsqueeze(0))[1].data, { atol: 1e-12, msg: 'cell vs layer' });
  gradcheck(([xi, hi]) => cell.forward(xi, hi), [x, h]);
  const dir = mkdtempSync(join(tmpdir(), 'gru-cell-'));
  try {
    await save(join(dir, 'c.safetensors'), cell);
    assert.equal((await load<GRUCell>(join(dir, 'c.safetensors'))).resetAfter, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gateSaturation of a GRU with resetAfter false uses its n pre-activation: x·W_in + b_in + (r ⊙ h)·W_hn + b_hn', () => {
  // One unit, one feature, two steps, written out by hand.
  const gru = new GRU({ inputSize: 1, hiddenSize: 1, resetAfter: false, ...f64 });
  const [wr, wz, wn] = [0.7, -0.4, 1.3], [ur, uz, un] = [0.5, 0.9, -1.1], [bir, biz, bin] = [0.1, -0.2, 0.3], [bhr, bhz, bhn] = [0.05, 0.15, -0.25];
  gru.weights[0][0].weightIh.data.set([wr, wz, wn]);
  gru.weights[0][0].weightHh.data.set([ur, uz, un]);
  gru.weights[0][0].biasIh!.data.set([bir, biz, bin]);
  gru.weights[0][0].biasHh!.data.set([bhr, bhz, bhn]);
  const xs = [0.8, -0.6];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0;
  const nPre: number[] = [];
  for (const xv of xs) {
    const r = sig(wr * xv + bir + ur * h + bhr), z = sig(wz * xv + biz + uz * h + bhz);
    const pre = wn * xv + bin + un * (r * h) + bhn;
    nPre.push(pre);
    h = (1 - z) * Math.tanh(pre) + z * h;
  }
  const sat = gateSaturation(gru, new Tensor(Float64Array.from(xs), [2, 1, 1]));
  const n = sat[0].gates.find((q) => q.gate === 'n')!;
  assert.ok(Math.abs(n.mean - (nPre[0] + nPre[1]) / 2) < 1e-12, `n mean ${n.mean}, expected ${(nPre[0] + nPre[1]) / 2}`);
});
