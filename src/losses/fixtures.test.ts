// Every loss against PyTorch (test/fixtures/optim/losses.json, from
// scripts/fixtures/make_optim_fixtures.py): values and gradients in float64 to 1e-10, and the
// same in float32 to 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { alloc } from '../tensor/dtype.js';
import { assertClose } from '../../test/helpers/gradcheck.js';
import { mseLoss, l1Loss, huberLoss, bceWithLogits, crossEntropy } from './index.js';

interface TJ { shape: number[]; data: number[] }
interface Case {
  fn: string; name: string; options: Record<string, unknown>;
  input: TJ; target?: TJ; targets?: number[]; seed: TJ; output: TJ; gradInput: TJ; gradTarget?: TJ;
  mask?: TJ; weight?: TJ; posWeight?: TJ; classWeight?: TJ;
}

const cases = (JSON.parse(readFileSync(new URL('../../test/fixtures/optim/losses.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;

function t(j: TJ | undefined, dtype: DType, requiresGrad = false): Tensor | undefined {
  if (!j) return undefined;
  const d = alloc(dtype, j.data.length);
  d.set(j.data);
  return new Tensor(d, j.shape, requiresGrad);
}

function run(c: Case, dtype: DType): { out: Tensor; x: Tensor; y?: Tensor } {
  const x = t(c.input, dtype, true)!;
  const y = c.target ? t(c.target, dtype, c.gradTarget !== undefined) : undefined;
  const common = { ...c.options, mask: t(c.mask, dtype), weight: t(c.weight, dtype) } as Record<string, unknown>;
  let out: Tensor;
  switch (c.fn) {
    case 'mseLoss': out = mseLoss(x, y!, common); break;
    case 'l1Loss': out = l1Loss(x, y!, common); break;
    case 'huberLoss': out = huberLoss(x, y!, common); break;
    case 'bceWithLogits': out = bceWithLogits(x, y!, { ...common, posWeight: t(c.posWeight, dtype) }); break;
    case 'crossEntropy': out = crossEntropy(x, Int32Array.from(c.targets!), { ...c.options, mask: t(c.mask, dtype), classWeight: t(c.classWeight, dtype) }); break;
    default: throw new Error(`unknown loss ${c.fn}`);
  }
  out.backward(t(c.seed, dtype));
  return { out, x, y };
}

for (const [dtype, atol] of [['float64', 1e-10], ['float32', 1e-5]] as const) {
  test(`losses match PyTorch (${dtype})`, () => {
    assert.ok(cases.length >= 40);
    for (const c of cases) {
      const { out, x, y } = run(c, dtype);
      assert.deepEqual(out.shape, c.output.shape, `${c.name}: output shape`);
      const rtol = dtype === 'float32' ? 1e-5 : 1e-10;
      assertClose(out.data, c.output.data, { atol, rtol, msg: `${c.name} output` });
      assertClose(x.grad!.data, c.gradInput.data, { atol, rtol, msg: `${c.name} grad input` });
      if (c.gradTarget) assertClose(y!.grad!.data, c.gradTarget.data, { atol, rtol, msg: `${c.name} grad target` });
    }
  });
}
