import { Module, type ModuleConfig } from './module.js';
import { Parameter } from './parameter.js';
import { Tensor } from '../tensor/tensor.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { gatesOf, type CellKind } from '../backend/backend.js';
import { recurrentLayer } from '../ops/recurrent.js';
import { allocState } from '../backend/current.js';
import { uniform_ } from './init.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { ShapeError } from '../errors.js';

export interface CellOptions {
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/**
 * One step of a recurrent cell, with PyTorch's parameter names (weight_ih, weight_hh, bias_ih,
 * bias_hh). The step runs through the same fused kernel as the layers, with T = 1.
 */
class CellBase extends Module {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter | null;
  readonly biasHh: Parameter | null;
  constructor(protected readonly kind: CellKind, readonly inputSize: number, readonly hiddenSize: number, options: CellOptions, private readonly typeName: string) {
    super();
    const G = gatesOf(kind) * hiddenSize;
    const dtype = options.dtype ?? 'float32';
    const g = options.generator ?? defaultGenerator();
    const k = 1 / Math.sqrt(hiddenSize);
    const make = (name: string, shape: number[]) =>
      this.registerParameter(name, uniform_(new Parameter(allocState(dtype, shape.reduce((a, b) => a * b, 1)), shape), -k, k, g) as Parameter);
    this.weightIh = make('weight_ih', [G, inputSize]);
    this.weightHh = make('weight_hh', [G, hiddenSize]);
    this.biasIh = options.bias === false ? null : make('bias_ih', [G]);
    this.biasHh = options.bias === false ? null : make('bias_hh', [G]);
    if (options.bias === false) {
      this.registerParameter('bias_ih', null);
      this.registerParameter('bias_hh', null);
    }
  }

  protected stepOnce(x: Tensor, h: Tensor | undefined | null, c: Tensor | undefined | null): [Tensor, Tensor | null] {
    const unbatched = x.ndim === 1;
    const x2 = unbatched ? x.unsqueeze(0) : x;
    if (x2.ndim !== 2 || x2.shape[1] !== this.inputSize) throw new ShapeError(`${this.typeName}.forward input`, `[B, ${this.inputSize}]`, fmtShape(x.shape));
    const B = x2.shape[0];
    const check = (s: Tensor | undefined | null, name: string) => {
      if (!s) return new Tensor(alloc(this.weightIh.dtype, B * this.hiddenSize), [B, this.hiddenSize]);
      const s2 = unbatched ? s.unsqueeze(0) : s;
      if (s2.ndim !== 2 || s2.shape[0] !== B || s2.shape[1] !== this.hiddenSize) throw new ShapeError(`${this.typeName}.forward ${name}`, unbatched ? [this.hiddenSize] : [B, this.hiddenSize], s.shape);
      return s2;
    };
    const h0 = check(h, 'hx');
    const c0 = this.kind === 'lstm' ? check(c, 'cx') : null;
    const [, hN, cN] = recurrentLayer(this.kind, x2.unsqueeze(0), this.weightIh, this.weightHh, this.biasIh, this.biasHh, h0, c0, null, false);
    return unbatched ? [hN.squeeze(0), cN ? cN.squeeze(0) : null] : [hN, cN];
  }

  override config(): ModuleConfig {
    return { type: this.typeName, options: { inputSize: this.inputSize, hiddenSize: this.hiddenSize, bias: this.biasIh !== null, dtype: this.weightIh.dtype, ...(this.kind === 'rnn_relu' ? { nonlinearity: 'relu' } : {}) } };
  }
}

/** h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu). */
export class RNNCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(options.nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh', inputSize, hiddenSize, options, 'RNNCell');
  }
  /** x [B, I] (or [I]), hx [B, H] (zeros when omitted) → h' [B, H]. */
  forward(x: Tensor, hx?: Tensor | null): Tensor {
    return this.stepOnce(x, hx, null)[0];
  }
}

/** One LSTM step (gates i, f, g, o). */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('lstm', inputSize, hiddenSize, options, 'LSTMCell');
  }
  /** x [B, I], (h, c) each [B, H] → [h', c']. */
  forward(x: Tensor, state?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [h, c] = this.stepOnce(x, state?.[0], state?.[1]);
    return [h, c as Tensor];
  }
}

/** One GRU step (gates r, z, n; reset after the hidden projection). */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('gru', inputSize, hiddenSize, options, 'GRUCell');
  }
  forward(x: Tensor, hx?: Tensor | null): Tensor {
    return this.stepOnce(x, hx, null)[0];
  }
}
