import { Module, type ModuleConfig } from './module.js';
import { Parameter } from './parameter.js';
import { Tensor } from '../tensor/tensor.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { gatesOf, type CellKind } from '../backend/backend.js';
import { recurrentLayer } from '../ops/recurrent.js';
import { allocState, backend } from '../backend/current.js';
import { uniform_ } from './init.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { checkBool, checkDType, checkElements, checkInt, checkOneOf, checkOptions, type ParameterShapes } from './options-check.js';
import { gruKind } from './gru.js';

/** Options of the single-step cells (RNNCell, LSTMCell, GRUCell). */
export interface CellOptions {
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/**
 * Checks a cell's arguments (sizes integers in 1 … MAX_SIZE, bias a boolean, dtype float32 or
 * float64; ValueError otherwise) and returns its parameter shapes without allocating:
 * weight_ih [G·H, I], weight_hh [G·H, H] and, with bias, bias_ih and bias_hh [G·H].
 */
export function cellShapes(kind: CellKind, inputSize: unknown, hiddenSize: unknown, options: CellOptions | undefined, typeName: string): ParameterShapes {
  const o = checkOptions(typeName, options);
  const I = checkInt(typeName, 'inputSize', inputSize);
  const H = checkInt(typeName, 'hiddenSize', hiddenSize);
  checkDType(typeName, o.dtype);
  const G = gatesOf(kind) * H;
  checkElements(typeName, 'weight_ih', [G, I]);
  checkElements(typeName, 'weight_hh', [G, H]);
  const w = { weight_ih: [G, I], weight_hh: [G, H] };
  return checkBool(typeName, 'bias', o.bias, true) ? { ...w, bias_ih: [G], bias_hh: [G] } : w;
}

/** The kind of an RNNCell: nonlinearity 'tanh' (the default) or 'relu'; anything else is a ValueError. */
export function rnnCellKind(options: { nonlinearity?: unknown } | undefined): CellKind {
  const n = checkOneOf('RNNCell', 'nonlinearity', checkOptions('RNNCell', options).nonlinearity, ['tanh', 'relu'], 'tanh');
  return n === 'relu' ? 'rnn_relu' : 'rnn_tanh';
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
    cellShapes(kind, inputSize, hiddenSize, options, typeName);
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
    const where = `${this.typeName}.forward`;
    const dtype = this.weightIh.dtype;
    const finite = (t: Tensor, name: string) => {
      const bad = backend().firstNonFinite(t.data);
      if (bad >= 0) throw new NonFiniteError(`${where}: ${name} has ${t.data[bad]} at flat index ${bad} (shape ${fmtShape(t.shape)})`, bad, t.data[bad]);
    };
    if (x.dtype !== dtype) throw new ValueError(`${where}: input dtype ${x.dtype} differs from the cell's ${dtype}; convert with .to('${dtype}')`);
    finite(x, 'input');
    const check = (s: Tensor | undefined | null, name: string) => {
      if (!s) return new Tensor(alloc(dtype, B * this.hiddenSize), [B, this.hiddenSize]);
      const s2 = unbatched ? s.unsqueeze(0) : s;
      if (s2.ndim !== 2 || s2.shape[0] !== B || s2.shape[1] !== this.hiddenSize) throw new ShapeError(`${where} ${name}`, unbatched ? [this.hiddenSize] : [B, this.hiddenSize], s.shape);
      if (s.dtype !== dtype) throw new ValueError(`${where}: ${name} dtype ${s.dtype} differs from the cell's ${dtype}`);
      finite(s, name);
      return s2;
    };
    const h0 = check(h, 'hx');
    const c0 = this.kind === 'lstm' ? check(c, 'cx') : null;
    const [, hN, cN] = recurrentLayer(this.kind, x2.unsqueeze(0), this.weightIh, this.weightHh, this.biasIh, this.biasHh, h0, c0, null, false);
    return unbatched ? [hN.squeeze(0), cN ? cN.squeeze(0) : null] : [hN, cN];
  }

  override config(): ModuleConfig {
    return {
      type: this.typeName,
      options: {
        inputSize: this.inputSize, hiddenSize: this.hiddenSize, bias: this.biasIh !== null, dtype: this.weightIh.dtype,
        ...(this.kind === 'rnn_relu' ? { nonlinearity: 'relu' } : {}), ...(this.kind === 'gru_reset_before' ? { resetAfter: false } : {}),
      },
    };
  }
}

/**
 * h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu).
 *
 * @example
 * const cell = new RNNCell(3, 16);          // I = 3, H = 16
 * let h = zeros([4, 16]);                      // [B, H]
 * for (const x of steps) h = cell.forward(x, h); // each x [B, I]
 */
export class RNNCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    super(rnnCellKind(options), inputSize, hiddenSize, options, 'RNNCell');
  }
  /** x [B, I] (or [I]), hx [B, H] (zeros when omitted) → h' [B, H]. */
  forward(x: Tensor, hx?: Tensor | null): Tensor {
    return this.stepOnce(x, hx, null)[0];
  }
}

/**
 * One LSTM step (gates i, f, g, o).
 *
 * @example
 * const cell = new LSTMCell(3, 16);
 * let state: [Tensor, Tensor] | null = null;   // (h, c), zeros at first
 * for (const x of steps) state = cell.forward(x, state); // x [B, 3] → h, c [B, 16]
 */
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

/**
 * One GRU step (gates r, z, n; by default the reset gate acts after the hidden projection, as
 * PyTorch's; `resetAfter: false` is Keras' reset_after=False: n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)).
 *
 * @example
 * const cell = new GRUCell(3, 16);
 * const h1 = cell.forward(randn([4, 3]));      // h0 = zeros → h1 [B=4, H=16]
 * const h2 = cell.forward(randn([4, 3]), h1);
 */
export class GRUCell extends CellBase {
  /** Whether the reset gate acts after the hidden projection (see GRUOptions.resetAfter). */
  readonly resetAfter: boolean;
  constructor(inputSize: number, hiddenSize: number, options: CellOptions & { resetAfter?: boolean } = {}) {
    super(gruKind('GRUCell', options), inputSize, hiddenSize, options, 'GRUCell');
    this.resetAfter = this.kind === 'gru';
  }
  forward(x: Tensor, hx?: Tensor | null): Tensor {
    return this.stepOnce(x, hx, null)[0];
  }
}
