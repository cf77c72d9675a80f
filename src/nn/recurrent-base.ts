import { Module, type ModuleConfig } from './module.js';
import { Parameter } from './parameter.js';
import { Tensor } from '../tensor/tensor.js';
import { alloc, type DType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { gatesOf, type CellKind } from '../backend/backend.js';
import { allocState, backend } from '../backend/current.js';
import { recurrentLayer } from '../ops/recurrent.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { cat, stack } from '../ops/shape.js';
import { dropout } from '../ops/dropout.js';
import { uniform_ } from './init.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { NonFiniteError, ShapeError, ValueError } from '../errors.js';
import { checkRecurrentOptions, recurrentShapes, type RecurrentForwardOptions, type RecurrentOptions } from './recurrent-options.js';
import { GradientNormRecorder } from '../diagnostics/gradient-norms.js';

/** The packed weights of one layer and direction, in PyTorch's layout. */
export interface DirectionWeights {
  /** [G·H, in] */
  weightIh: Parameter;
  /** [G·H, H] */
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;
}

/** Hidden (and cell) state carried between `step` calls: [numLayers, B, H] each. */
export interface StreamState {
  h: Tensor;
  c: Tensor | null;
}

/**
 * Shared machinery of RNN, LSTM and GRU: parameters named as PyTorch's (`weight_ih_l0`,
 * `bias_hh_l1_reverse`, …), input checking, layers × directions of the fused sequence op.
 */
export class RecurrentBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly dtype: DType;
  /** weights[layer][direction] */
  readonly weights: DirectionWeights[][];
  protected readonly generator: Generator;

  constructor(protected readonly kind: CellKind, options: RecurrentOptions, private readonly typeName: string) {
    super();
    const o = checkRecurrentOptions(typeName, options);
    recurrentShapes(kind, o, typeName); // refuses a weight too large to allocate
    const { inputSize, hiddenSize } = o;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = o.numLayers;
    this.bias = o.bias;
    this.batchFirst = o.batchFirst;
    this.dropout = o.dropout;
    this.bidirectional = o.bidirectional;
    this.dtype = o.dtype;
    this.generator = options?.generator ?? defaultGenerator();
    const G = gatesOf(kind);
    const H = hiddenSize;
    const D = this.bidirectional ? 2 : 1;
    const k = 1 / Math.sqrt(H);
    const make = (name: string, shape: number[]) => {
      const p = new Parameter(allocState(this.dtype, shape.reduce((a, b) => a * b, 1)), shape);
      uniform_(p, -k, k, this.generator); // PyTorch: every weight and bias U(−1/√H, 1/√H)
      return this.registerParameter(name, p);
    };
    this.weights = [];
    for (let l = 0; l < this.numLayers; l++) {
      const layer: DirectionWeights[] = [];
      const inF = l === 0 ? inputSize : H * D;
      for (let d = 0; d < D; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        layer.push({
          weightIh: make(`weight_ih${sfx}`, [G * H, inF]),
          weightHh: make(`weight_hh${sfx}`, [G * H, H]),
          biasIh: this.bias ? make(`bias_ih${sfx}`, [G * H]) : null,
          biasHh: this.bias ? make(`bias_hh${sfx}`, [G * H]) : null,
        });
      }
      this.weights.push(layer);
    }
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Check and normalise the input to time-major [T, B, I]; returns whether it was unbatched. */
  protected prepareInput(input: Tensor): { x: Tensor; unbatched: boolean } {
    const where = `${this.typeName}.forward`;
    const I = this.inputSize;
    const layout = this.batchFirst ? `[B, T, ${I}]` : `[T, B, ${I}]`;
    if (input.ndim !== 3 && input.ndim !== 2) throw new ShapeError(`${where} input`, `${layout} (or unbatched [T, ${I}])`, fmtShape(input.shape));
    if (input.shape[input.ndim - 1] !== I) {
      throw new ShapeError(`${where} input`, input.ndim === 3 ? layout : `[T, ${I}]`, fmtShape(input.shape), `the last dim must equal inputSize=${I}`);
    }
    if (input.dtype !== this.dtype) throw new ValueError(`${where}: input dtype ${input.dtype} differs from the layer's ${this.dtype}; convert with .to('${this.dtype}')`);
    const bad = backend().firstNonFinite(input.data);
    if (bad >= 0) {
      const [a, b] = input.shape;
      const pos = input.ndim === 3 ? `[${Math.floor(bad / (b * I))}, ${Math.floor(bad / I) % b}, ${bad % I}]` : `[${Math.floor(bad / I)}, ${bad % I}]`;
      throw new NonFiniteError(`${where}: input has ${input.data[bad]} at index ${pos} (shape ${fmtShape([a, b, ...input.shape.slice(2)])})`, bad, input.data[bad]);
    }
    if (input.ndim === 2) return { x: input.unsqueeze(1), unbatched: true };
    return { x: this.batchFirst ? input.transpose(0, 1) : input, unbatched: false };
  }

  protected checkLengths(lengths: Int32Array | readonly number[] | undefined, T: number, B: number): Int32Array | null {
    if (!lengths) return null;
    const where = `${this.typeName}.forward`;
    if (lengths.length !== B) throw new ShapeError(`${where} lengths`, `${B} lengths (one per sequence in the batch)`, `${lengths.length}`);
    const out = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const L = lengths[b];
      if (!Number.isInteger(L) || L < 1 || L > T) {
        throw new ValueError(`${where}: lengths[${b}] = ${L} is invalid; each length must be an integer in 1..${T} (the sequence dimension of the input)`);
      }
      out[b] = L;
    }
    // All full length: same as no lengths, skip the masking work.
    return out.every((L) => L === T) ? null : out;
  }

  protected checkState(s: Tensor | undefined | null, B: number, unbatched: boolean, name: string): Tensor | null {
    if (!s) return null;
    const LD = this.numLayers * this.numDirections;
    const H = this.hiddenSize;
    const expected = unbatched ? [LD, H] : [LD, B, H];
    if (s.ndim !== expected.length || s.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(`${this.typeName}.forward ${name}`, expected, s.shape, `expected [numLayers·numDirections, batch, hiddenSize]`);
    }
    if (s.dtype !== this.dtype) throw new ValueError(`${this.typeName}.forward: ${name} dtype ${s.dtype} differs from the layer's ${this.dtype}`);
    this.checkFinite(`${this.typeName}.forward`, name, s);
    return unbatched ? s.unsqueeze(1) : s;
  }

  /** NonFiniteError naming `name` and the [layer·direction, b, h] position of its first NaN or ±Infinity. */
  private checkFinite(where: string, name: string, s: Tensor): void {
    const bad = backend().firstNonFinite(s.data);
    if (bad < 0) return;
    const H = this.hiddenSize;
    const pos = s.ndim === 3 ? `[${Math.floor(bad / (s.shape[1] * H))}, ${Math.floor(bad / H) % s.shape[1]}, ${bad % H}]` : `[${Math.floor(bad / H)}, ${bad % H}]`;
    throw new NonFiniteError(`${where}: ${name} has ${s.data[bad]} at index ${pos} (shape ${fmtShape(s.shape)})`, bad, s.data[bad]);
  }

  private checkRecorder(r: unknown): GradientNormRecorder | null {
    if (r === undefined) return null;
    if (r instanceof GradientNormRecorder) return r;
    throw new ValueError(`${this.typeName}.forward: gradientNorms must be a GradientNormRecorder (new GradientNormRecorder()), got ${r === null ? 'null' : typeof r}`);
  }

  /** Run all layers and directions. h0/c0 are [L·D, B, H] or null (zeros). */
  protected run(input: Tensor, h0In: Tensor | null | undefined, c0In: Tensor | null | undefined, options: RecurrentForwardOptions): { out: Tensor; hN: Tensor; cN: Tensor | null } {
    const { x, unbatched } = this.prepareInput(input);
    const [T, B] = x.shape;
    const H = this.hiddenSize;
    const D = this.numDirections;
    const lengths = this.checkLengths(options.lengths, T, B);
    const h0 = this.checkState(h0In, B, unbatched, 'h0');
    const c0 = this.kind === 'lstm' ? this.checkState(c0In, B, unbatched, 'c0') : null;
    const norms = this.checkRecorder(options.gradientNorms);
    norms?.begin(T);
    const zero = new Tensor(alloc(this.dtype, B * H), [B, H]);
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    let layerIn = x;
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const w = this.weights[l][d];
        const idx = l * D + d;
        const [o, h, c] = recurrentLayer(
          this.kind, layerIn, w.weightIh, w.weightHh, w.biasIh, w.biasHh,
          h0 ? h0.select(0, idx) : zero,
          this.kind === 'lstm' ? (c0 ? c0.select(0, idx) : zero) : null,
          lengths, d === 1, norms ? norms.add(l, d === 1 ? 'reverse' : 'forward', layerIn.requiresGrad) : null,
        );
        outs.push(o);
        hs.push(h);
        if (c) cs.push(c);
      }
      layerIn = D === 2 ? cat(outs, 2) : outs[0];
      if (this.dropout > 0 && l < this.numLayers - 1) layerIn = dropout(layerIn, this.dropout, this.training, this.generator);
    }
    let out = layerIn;
    let hN = stack(hs, 0);
    let cN = cs.length ? stack(cs, 0) : null;
    if (unbatched) {
      out = out.squeeze(1);
      hN = hN.squeeze(1);
      cN = cN ? cN.squeeze(1) : null;
    } else if (this.batchFirst) {
      out = out.transpose(0, 1);
    }
    return { out, hN, cN };
  }

  /** A zero state for streaming `step` calls with `batch` sequences. */
  initState(batch = 1): StreamState {
    const shape = [this.numLayers, batch, this.hiddenSize];
    const n = shape.reduce((a, b) => a * b, 1);
    return { h: new Tensor(alloc(this.dtype, n), shape), c: this.kind === 'lstm' ? new Tensor(alloc(this.dtype, n), shape) : null };
  }

  /**
   * Streaming: advance every layer by one step for input x [B, I] (or [I]) and return the last
   * layer's output [B, H] (or [H]). History is never re-run: `state` carries it, updated in place.
   * Under `noGrad` or in eval mode no graph is recorded and each layer is a single fused kernel
   * call on the state arrays; otherwise the step is recorded (the state itself stays detached,
   * so a long stream never grows a graph).
   *
   * @example
   * const s = lstm.initState();
   * for (const frame of frames) y = noGrad(() => lstm.step(frame, s));
   */
  step(x: Tensor, state: StreamState): Tensor {
    const where = `${this.typeName}.step`;
    if (this.bidirectional) throw new ValueError(`${where}: a bidirectional layer needs the whole sequence; use forward()`);
    const unbatched = x.ndim === 1;
    const x2 = unbatched ? x.unsqueeze(0) : x;
    if (x2.ndim !== 2 || x2.shape[1] !== this.inputSize) throw new ShapeError(`${where} input`, `[B, ${this.inputSize}] or [${this.inputSize}]`, fmtShape(x.shape));
    const B = x2.shape[0];
    const L = this.numLayers, H = this.hiddenSize;
    if (state.h.ndim !== 3 || state.h.shape[0] !== L || state.h.shape[1] !== B || state.h.shape[2] !== H) {
      throw new ShapeError(`${where} state`, [L, B, H], state.h.shape, `make it with initState(${B})`);
    }
    if (this.kind === 'lstm' && !state.c) throw new ValueError(`${where}: an LSTM state needs its cell state c; make it with initState(${B})`);
    if (state.c && !(state.c.ndim === 3 && state.c.shape[0] === L && state.c.shape[1] === B && state.c.shape[2] === H)) {
      throw new ShapeError(`${where} state.c`, [L, B, H], state.c.shape, `make it with initState(${B})`);
    }
    this.checkFinite(where, 'state.h', state.h);
    if (state.c) this.checkFinite(where, 'state.c', state.c);
    const recorded = isGradEnabled() && this.training;
    if (recorded) {
      const r = this.run(this.batchFirst ? x2.unsqueeze(1) : x2.unsqueeze(0), state.h, state.c, {});
      state.h.data.set(r.hN.data);
      if (state.c && r.cN) state.c.data.set(r.cN.data);
      const y = r.out.squeeze(this.batchFirst ? 1 : 0);
      return unbatched ? y.squeeze(0) : y;
    }
    if (x2.dtype !== this.dtype) throw new ValueError(`${where}: input dtype ${x2.dtype} differs from the layer's ${this.dtype}`);
    const bad = backend().firstNonFinite(x2.data);
    if (bad >= 0) throw new NonFiniteError(`${where}: input has ${x2.data[bad]} at index ${bad}`, bad, x2.data[bad]);
    let input = x2.data;
    let out = input;
    for (let l = 0; l < L; l++) {
      const w = this.weights[l][0];
      const h = state.h.data.subarray(l * B * H, (l + 1) * B * H);
      const c = state.c ? state.c.data.subarray(l * B * H, (l + 1) * B * H) : null;
      out = alloc(this.dtype, B * H);
      backend().recurrentForward({
        kind: this.kind, T: 1, B, I: l === 0 ? this.inputSize : H, H, lengths: null, reverse: false,
        x: input, wIh: w.weightIh.data, wHh: w.weightHh.data, bIh: w.biasIh?.data ?? null, bHh: w.biasHh?.data ?? null,
        h0: h, c0: c, out, hN: h, cN: c, saved: null,
      });
      input = out;
    }
    return new Tensor(out, unbatched ? [H] : [B, H]);
  }

  override config(): ModuleConfig {
    return {
      type: this.typeName,
      options: {
        inputSize: this.inputSize, hiddenSize: this.hiddenSize, numLayers: this.numLayers, bias: this.bias,
        batchFirst: this.batchFirst, dropout: this.dropout, bidirectional: this.bidirectional, dtype: this.dtype,
        ...(this.kind === 'rnn_relu' ? { nonlinearity: 'relu' } : this.kind === 'rnn_tanh' ? { nonlinearity: 'tanh' } : {}),
        ...(this.kind === 'gru_reset_before' ? { resetAfter: false } : {}),
      },
    };
  }
}
