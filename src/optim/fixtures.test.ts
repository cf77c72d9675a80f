// Optimizers, gradient clipping and schedules against PyTorch
// (test/fixtures/optim/*.json, from scripts/fixtures/make_optim_fixtures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { assertClose } from '../../test/helpers/gradcheck.js';
import { SGD, Adam, AdamW, RMSprop, Adagrad, clipGradNorm, StepLR, ExponentialLR, CosineAnnealingLR, ReduceLROnPlateau, type OptimizerLike, type StepLROptions, type ExponentialLROptions, type CosineAnnealingLROptions, type ReduceLROnPlateauOptions } from './index.js';

interface TJ { shape: number[]; data: number[] }
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../test/fixtures/optim/${name}`, import.meta.url), 'utf8')) as T;
const t = (j: TJ, dtype: DType = 'float64', requiresGrad = false): Tensor => {
  const d = alloc(dtype, j.data.length);
  d.set(j.data);
  return new Tensor(d, j.shape, requiresGrad);
};

interface OptCase {
  optimizer: string; name: string; options: Record<string, unknown>; group1Lr: number;
  params: TJ[]; a: TJ[]; b: TJ[]; hasGrad: boolean[][]; expected: TJ[][];
}

const makers: Record<string, (groups: { params: Tensor[]; lr?: number }[], o: Record<string, unknown>) => OptimizerLike> = {
  SGD: (g, o) => new SGD(g, o),
  Adam: (g, o) => new Adam(g, o),
  AdamW: (g, o) => new AdamW(g, o),
  RMSprop: (g, o) => new RMSprop(g, o),
  Adagrad: (g, o) => new Adagrad(g, o),
};

for (const [dtype, tol] of [['float64', 1e-10], ['float32', 1e-5]] as const) {
  test(`optimizers match PyTorch over 5 steps, with a skipped gradient and per-group lr (${dtype})`, () => {
    const { cases } = load<{ cases: OptCase[] }>('optimizers.json');
    assert.equal(cases.length, 18);
    for (const c of cases) {
      const params = c.params.map((p) => t(p, dtype, true));
      const opt = makers[c.optimizer]([{ params: [params[0]] }, { params: [params[1]], lr: c.group1Lr }], c.options);
      c.expected.forEach((want, step) => {
        params.forEach((p, i) => {
          // gradient of ½ a·p² + b·p
          p.grad = c.hasGrad[step][i] ? p.detach().mul(t(c.a[i], dtype)).add(t(c.b[i], dtype)) : null;
        });
        opt.step();
        params.forEach((p, i) => assertClose(p.data, want[i].data, { atol: tol, rtol: tol, msg: `${c.name} step ${step + 1} param ${i}` }));
      });
    }
  });
}

test('clipGradNorm matches PyTorch for p = 1, 2, 3, ∞', () => {
  const { cases } = load<{ cases: { normType: number | 'Infinity'; maxNorm: number; grads: TJ[]; totalNorm: number; clipped: TJ[] }[] }>('clip.json');
  for (const c of cases) {
    const normType = c.normType === 'Infinity' ? Infinity : c.normType;
    const params = c.grads.map((g) => {
      const p = new Tensor(new Float64Array(g.data.length), g.shape, true);
      p.grad = t(g);
      return p;
    });
    const total = clipGradNorm(params, c.maxNorm, { normType });
    assert.ok(Math.abs(total - c.totalNorm) <= 1e-12 * c.totalNorm, `p=${normType}: norm ${total} vs ${c.totalNorm}`);
    params.forEach((p, i) => assertClose(p.grad!.data, c.clipped[i].data, { atol: 1e-12, msg: `p=${normType} grad ${i}` }));
  }
});

interface SchedCase { scheduler: string; options: StepLROptions & ExponentialLROptions & CosineAnnealingLROptions & ReduceLROnPlateauOptions; metrics?: number[]; lrs: number[][] }

test('learning-rate schedules match PyTorch over 30 epochs (two groups)', () => {
  const { initialLrs, cases } = load<{ initialLrs: number[]; cases: SchedCase[] }>('schedulers.json');
  for (const c of cases) {
    const opt = new SGD([{ params: [new Tensor(new Float64Array(1), [1], true)] }, { params: [new Tensor(new Float64Array(1), [1], true)], lr: initialLrs[1] }], { lr: initialLrs[0] });
    const name = `${c.scheduler} ${JSON.stringify(c.options)}`;
    const step =
      c.scheduler === 'StepLR' ? ((s) => () => s.step())(new StepLR(opt, c.options))
      : c.scheduler === 'ExponentialLR' ? ((s) => () => s.step())(new ExponentialLR(opt, c.options))
      : c.scheduler === 'CosineAnnealingLR' ? ((s) => () => s.step())(new CosineAnnealingLR(opt, c.options))
      : ((s) => (e: number) => s.step(c.metrics![e]))(new ReduceLROnPlateau(opt, c.options));
    c.lrs.forEach((want, e) => {
      opt.step();
      step(e);
      assertClose(opt.paramGroups.map((g) => g.lr), want, { atol: 1e-15, rtol: 1e-12, msg: `${name} epoch ${e + 1}` });
    });
  }
});
