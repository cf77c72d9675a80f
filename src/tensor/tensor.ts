import type { Arr, DType } from './dtype.js';
import { alloc, dtypeOf } from './dtype.js';
import { fmtShape, sizeOf } from './shape.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Node } from '../autograd/node.js';
import { runBackward } from '../autograd/engine.js';
import * as ew from '../ops/elementwise.js';
import * as red from '../ops/reduce.js';
import * as sh from '../ops/shape.js';
import { matmul } from '../ops/matmul.js';
import { logSoftmax, softmax } from '../ops/softmax.js';

/** Options of {@link Tensor.backward}. */
export interface BackwardOptions {
  /** Keep the graph's saved values so backward can run through it again. */
  retainGraph?: boolean;
}

/**
 * An n-dimensional array of float32 (or float64) numbers, row-major, with reverse-mode autograd.
 * Gradients accumulate into `.grad`; call `zeroGrad()` (or an optimizer's) between steps.
 *
 * @example
 * const x = tensor([1, 2, 3], [3], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad!.data; // Float32Array [2, 4, 6]
 */
export class Tensor {
  /** The values, row-major. Shared with views made by `reshape` and `detach`. */
  readonly data: Arr;
  readonly shape: readonly number[];
  /** ∂(something)/∂this, accumulated by `backward()`; null until a gradient arrives. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, when it was produced under grad mode from tensors that require grad. */
  gradFn: Node | null = null;
  /** Which output of `gradFn` this tensor is. */
  outputIndex = 0;
  private _requiresGrad: boolean;

  constructor(data: Arr, shape: readonly number[], requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError('Tensor', `${sizeOf(shape)} elements for shape ${fmtShape(shape)}`, `${data.length} elements`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this._requiresGrad = requiresGrad;
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }
  get size(): number {
    return this.data.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (this.gradFn && !v) throw new ValueError('requiresGrad can only be turned off on leaf tensors; use detach()');
    this._requiresGrad = v;
  }
  /** True for tensors created by the user (not by an op): these receive `.grad`. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Back-propagate from this tensor. A non-scalar tensor needs an explicit `grad` of its shape. */
  backward(grad?: Tensor, options: BackwardOptions = {}): void {
    let seed: Arr;
    if (grad) {
      if (grad.size !== this.size) throw new ShapeError('backward(grad)', this.shape, grad.shape);
      seed = grad.data.slice() as Arr;
    } else {
      if (this.size !== 1) {
        throw new ValueError(`backward(): gradient can be implied only for a scalar output, this tensor has shape ${fmtShape(this.shape)}; reduce it (sum/mean) or pass a gradient`);
      }
      seed = alloc(this.dtype, 1);
      seed[0] = 1;
    }
    runBackward(this, seed, options.retainGraph ?? false, (d, s) => new Tensor(d, s));
  }

  /** Forget the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The same values, cut off from the graph (shares data). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** A copy with its own data (still in the graph if this is). */
  clone(): Tensor {
    return ew.mulScalar(this, 1);
  }

  /** This tensor as another dtype (a new leaf, detached). */
  to(dtype: DType): Tensor {
    if (dtype === this.dtype) return this;
    const d = alloc(dtype, this.size);
    d.set(this.data);
    return new Tensor(d, this.shape, false);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ValueError(`item(): tensor has ${this.size} elements (shape ${fmtShape(this.shape)}), expected 1`);
    return this.data[0];
  }

  /** The values as a plain flat array. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  toString(): string {
    const preview = Array.from(this.data.subarray(0, 8)).map((v) => +v.toPrecision(5));
    return `Tensor(shape=${fmtShape(this.shape)}, dtype=${this.dtype}, data=[${preview.join(', ')}${this.size > 8 ? ', …' : ''}])`;
  }

  // ---- arithmetic (NumPy broadcasting) ------------------------------------------------------
  add(o: Tensor | number): Tensor { return typeof o === 'number' ? ew.addScalar(this, o) : ew.add(this, o); }
  sub(o: Tensor | number): Tensor { return typeof o === 'number' ? ew.addScalar(this, -o) : ew.sub(this, o); }
  mul(o: Tensor | number): Tensor { return typeof o === 'number' ? ew.mulScalar(this, o) : ew.mul(this, o); }
  div(o: Tensor | number): Tensor { return typeof o === 'number' ? ew.mulScalar(this, 1 / o) : ew.div(this, o); }
  pow(e: number): Tensor { return ew.unaryOp(this, 'powScalar', e); }
  maximum(o: Tensor): Tensor { return ew.maximum(this, o); }
  minimum(o: Tensor): Tensor { return ew.minimum(this, o); }
  neg(): Tensor { return ew.unaryOp(this, 'neg'); }
  exp(): Tensor { return ew.unaryOp(this, 'exp'); }
  log(): Tensor { return ew.unaryOp(this, 'log'); }
  sqrt(): Tensor { return ew.unaryOp(this, 'sqrt'); }
  abs(): Tensor { return ew.unaryOp(this, 'abs'); }
  square(): Tensor { return ew.unaryOp(this, 'square'); }
  tanh(): Tensor { return ew.unaryOp(this, 'tanh'); }
  sigmoid(): Tensor { return ew.unaryOp(this, 'sigmoid'); }
  relu(): Tensor { return ew.unaryOp(this, 'relu'); }
  leakyRelu(slope = 0.01): Tensor { return ew.unaryOp(this, 'leakyRelu', slope); }
  softplus(): Tensor { return ew.unaryOp(this, 'softplus'); }
  clamp(lo: number, hi: number): Tensor { return ew.clamp(this, lo, hi); }

  // ---- linear algebra, softmax --------------------------------------------------------------
  /** Matrix product over the last two dims; leading (batch) dims broadcast. */
  matmul(o: Tensor): Tensor { return matmul(this, o); }
  softmax(dim = -1): Tensor { return softmax(this, dim); }
  logSoftmax(dim = -1): Tensor { return logSoftmax(this, dim); }

  // ---- reductions ---------------------------------------------------------------------------
  /** Sum of all elements, or over `dim` (keeping it as size 1 when `keepDim`). */
  sum(dim?: number | number[], keepDim = false): Tensor { return red.sum(this, dim, keepDim); }
  mean(dim?: number | number[], keepDim = false): Tensor { return red.mean(this, dim, keepDim); }
  max(dim: number, keepDim = false): Tensor { return red.maxMin(this, 'max', dim, keepDim).values; }
  min(dim: number, keepDim = false): Tensor { return red.maxMin(this, 'min', dim, keepDim).values; }
  /** Indices of the maximum along `dim`. */
  argmax(dim: number): Int32Array { return red.maxMin(this, 'max', dim, false).indices; }

  // ---- layout -------------------------------------------------------------------------------
  reshape(shape: readonly number[]): Tensor { return sh.reshape(this, shape); }
  view(shape: readonly number[]): Tensor { return sh.reshape(this, shape); }
  flatten(): Tensor { return sh.reshape(this, [this.size]); }
  transpose(d0 = -2, d1 = -1): Tensor { return sh.transpose(this, d0, d1); }
  permute(perm: readonly number[]): Tensor { return sh.permute(this, perm); }
  /** Elements start ≤ i < end along `dim`. */
  slice(dim: number, start: number, end?: number): Tensor { return sh.slice(this, dim, start, end); }
  /** Index `i` along `dim`, removing that dim. */
  select(dim: number, i: number): Tensor { return sh.select(this, dim, i); }
  squeeze(dim: number): Tensor { return sh.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return sh.unsqueeze(this, dim); }
  expand(shape: readonly number[]): Tensor { return sh.expand(this, shape); }
}
