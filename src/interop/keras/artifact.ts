/**
 * TF.js layers-model artifacts (model.json + weights.bin) for our recurrent layers and the
 * ManyToOne / ManyToMany models: in memory as TF.js' ModelArtifacts (`tf.io.fromMemory` takes
 * them as they are), and as files.
 *
 * model.json: { format: 'layers-model', modelTopology (topology.ts), weightsManifest:
 * [{ paths: ['weights.bin'], weights: [{ name, shape, dtype: 'float32' }, …] }] }; weights.bin:
 * the weights' float32 values, little-endian, one after another in manifest order.
 */
import { FormatError, ValueError } from '../../errors.js';
import { isRecord } from '../../io/is-record.js';
import { preview } from '../../io/json-preview.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import type { Linear } from '../../nn/linear.js';
import { ManyToOne } from '../../models/many-to-one.js';
import { ManyToMany } from '../../models/many-to-many.js';
import { fromKerasWeights, toKerasWeights, type KerasRecurrent } from './weights.js';
import { planOf, topologyOf, type KerasPlan } from './topology.js';

/** A model `toTfjsArtifacts` writes and `fromTfjsArtifacts` returns. */
export type TfjsConvertible = KerasRecurrent | ManyToOne | ManyToMany;

/** One entry of a weights manifest. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A layers model in memory, shaped like TF.js' `ModelArtifacts`. */
export interface TfjsArtifacts {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  /** The Keras model topology (a Sequential). */
  modelTopology: Record<string, unknown>;
  weightSpecs: TfjsWeightSpec[];
  /** Every weight's float32 values, little-endian, in `weightSpecs` order. */
  weightData: ArrayBuffer;
}

/** What `fromTfjsArtifacts` reads: TF.js ModelArtifacts (its `weightSpecs` may carry other dtypes; only float32 is accepted). */
export interface TfjsArtifactsInput {
  modelTopology: unknown;
  weightSpecs: readonly { name: string; shape: readonly number[]; dtype?: string; quantization?: unknown }[];
  weightData: ArrayBuffer | ArrayBufferView;
}

const GENERATED_BY = 'recurrent';

function planFor(model: TfjsConvertible): { plan: KerasPlan; layer: KerasRecurrent; head: Linear | null } {
  const layer = model instanceof ManyToOne || model instanceof ManyToMany ? model.recurrent : model;
  if (!(layer instanceof RNN || layer instanceof LSTM || layer instanceof GRU)) {
    const name = typeof model === 'object' && model !== null ? model.constructor.name : typeof model;
    throw new ValueError(`toTfjsArtifacts: expected an RNN, LSTM, GRU, ManyToOne or ManyToMany, got ${name}`);
  }
  const head = model instanceof ManyToOne || model instanceof ManyToMany ? model.head : null;
  const plan: KerasPlan = {
    cell: layer instanceof LSTM ? 'lstm' : layer instanceof GRU ? 'gru' : 'rnn',
    nonlinearity: layer instanceof RNN ? layer.nonlinearity : 'tanh',
    inputSize: layer.inputSize, hiddenSize: layer.hiddenSize, numLayers: layer.numLayers, bidirectional: layer.bidirectional,
    bias: layer.bias, resetAfter: layer instanceof GRU ? layer.resetAfter : true,
    returnSequences: !(model instanceof ManyToOne),
    head: head ? { outputSize: head.outFeatures, bias: head.bias !== null } : null,
    recurrentNames: [], innerNames: [], denseName: null,
  };
  return { plan, layer, head };
}

/** TF.js' name of weight `w` (a name of toKerasWeights: `[layer{l}/][forward|backward/]kernel`) under the plan's layer names. */
function specName(plan: KerasPlan, w: string): string {
  const parts = w.split('/');
  const l = parts[0].startsWith('layer') ? Number(parts.shift()!.slice(5)) : 0;
  const role = parts.pop() as string;
  const inner = plan.innerNames[l];
  if (!inner) return `${plan.recurrentNames[l]}/${role}`;
  return `${plan.recurrentNames[l]}/${parts[0] === 'backward' ? inner[1] : inner[0]}/${role}`;
}

/**
 * The TF.js layers-model artifacts of `model`: a bare RNN / LSTM / GRU becomes a Sequential of
 * numLayers Keras layers returning sequences (Bidirectional when bidirectional); a ManyToOne
 * adds a Dense on the last step, a ManyToMany a Dense on every step. Weights become float32.
 * TF.js runs them with `tf.loadLayersModel(tf.io.fromMemory(artifacts))`, except a GRU with
 * resetAfter true (Keras' default, which TF.js cannot run; Keras in Python can).
 *
 * @example
 * const artifacts = toTfjsArtifacts(new ManyToOne({ cell: 'lstm', inputSize: 3, hiddenSize: 8, outputSize: 1 }));
 * // in TF.js: const m = await tf.loadLayersModel(tf.io.fromMemory(artifacts)); m.predict(x) // x [B, T, 3]
 */
export function toTfjsArtifacts(model: TfjsConvertible): TfjsArtifacts {
  const { plan, layer, head } = planFor(model);
  const modelTopology = topologyOf(plan, GENERATED_BY);
  const weights: { name: string; shape: number[]; data: ArrayLike<number> }[] = toKerasWeights(layer).map((w) => ({ ...w, name: specName(plan, w.name) }));
  if (head) {
    const [O, F] = head.weight.shape;
    const kernel = new Float64Array(F * O); // Dense kernel [in, out] = our weightᵀ
    for (let o = 0; o < O; o++) for (let f = 0; f < F; f++) kernel[f * O + o] = head.weight.data[o * F + f];
    weights.push({ name: `${plan.denseName}/kernel`, shape: [F, O], data: kernel });
    if (head.bias) weights.push({ name: `${plan.denseName}/bias`, shape: [O], data: head.bias.data });
  }
  const total = weights.reduce((n, w) => n + w.data.length, 0);
  const weightData = new ArrayBuffer(4 * total);
  const view = new DataView(weightData);
  let at = 0;
  for (const w of weights) for (let i = 0; i < w.data.length; i++, at += 4) view.setFloat32(at, w.data[i], true);
  return {
    format: 'layers-model', generatedBy: GENERATED_BY, convertedBy: null, modelTopology,
    weightSpecs: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })), weightData,
  };
}

/** The weights of the artifacts by name, as float32 arrays; checks dtypes and the byte count. */
function readWeights(a: TfjsArtifactsInput): Map<string, { shape: readonly number[]; data: Float32Array }> {
  const what = 'TF.js weights';
  if (!Array.isArray(a.weightSpecs)) throw new FormatError(what, `weightSpecs must be an array, got ${preview(a.weightSpecs)}`);
  const bytes = a.weightData instanceof ArrayBuffer ? new Uint8Array(a.weightData) : new Uint8Array(a.weightData.buffer, a.weightData.byteOffset, a.weightData.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  let at = 0;
  for (const s of a.weightSpecs) {
    if (!isRecord(s) || typeof s.name !== 'string' || !Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new FormatError(what, `a weight spec must be {name, shape, dtype}, got ${preview(s)}`);
    }
    if ((s.dtype ?? 'float32') !== 'float32' || s.quantization !== undefined) {
      throw new FormatError(what, `weight '${s.name}' is ${preview(s.dtype)}${s.quantization !== undefined ? ', quantized' : ''}; only unquantized float32 weights are read (convert without quantization)`);
    }
    const n = s.shape.reduce((p: number, d: number) => p * d, 1);
    if (at + 4 * n > bytes.byteLength) throw new FormatError(what, `weight '${s.name}' [${s.shape.join(', ')}] needs bytes ${at}…${at + 4 * n}, but the weight data holds ${bytes.byteLength}`);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) data[i] = view.getFloat32(at, true);
    out.set(s.name, { shape: s.shape, data });
  }
  if (at !== bytes.byteLength) throw new FormatError(what, `the weight specs account for ${at} bytes, but the weight data holds ${bytes.byteLength}`);
  return out;
}

/**
 * The weight of Keras layer `layer` whose name ends with `role` (kernel, recurrent_kernel, bias)
 * and, in a Bidirectional, has a `forward_…` or `backward_…` part: TF.js names them
 * `bidirectional_1/forward_lstm_1/kernel`, Python's converter `bidirectional/forward_lstm/lstm_cell/kernel`.
 */
function find(weights: Map<string, { shape: readonly number[]; data: Float32Array }>, layer: string, dir: 'forward' | 'backward' | null, role: string) {
  const hits = [...weights.keys()].filter((n) => {
    const parts = n.split('/');
    if (parts[0] !== layer || parts[parts.length - 1] !== role) return false;
    return dir === null || parts.slice(1, -1).some((p) => p.startsWith(`${dir}_`));
  });
  if (hits.length !== 1) {
    const names = [...weights.keys()].filter((n) => n.startsWith(`${layer}/`));
    throw new FormatError('TF.js weights', `${hits.length ? 'several weights' : 'no weight'} of layer '${layer}'${dir ? ` (${dir})` : ''} named …/${role}; its weights: ${names.length ? names.join(', ') : 'none'}`);
  }
  return weights.get(hits[0])!;
}

/**
 * Our model from TF.js layers-model artifacts (or Python Keras converted with tensorflowjs):
 * a Sequential of recurrent layers (alone: an RNN / LSTM / GRU with batchFirst; the last one
 * returning its last step then a Dense: a ManyToOne; returning sequences then a Dense: a
 * ManyToMany). Weights are matched by layer name and role (kernel, recurrent_kernel, bias),
 * so both TF.js' and Python's weight names load. The model is float32. Anything else is a
 * FormatError naming the layer or weight (see topology.ts for what maps).
 *
 * @example
 * // model.json and weights.bin fetched in a browser (one shard):
 * const json = await (await fetch('model/model.json')).json();
 * const weightData = await (await fetch('model/weights.bin')).arrayBuffer();
 * const model = fromTfjsArtifacts({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData });
 */
export function fromTfjsArtifacts(artifacts: TfjsArtifactsInput): TfjsConvertible {
  if (!isRecord(artifacts)) throw new FormatError('TF.js artifacts', `expected {modelTopology, weightSpecs, weightData}, got ${preview(artifacts)}`);
  const plan = planOf(artifacts.modelTopology);
  const weights = readWeights(artifacts);
  const common = { inputSize: plan.inputSize, hiddenSize: plan.hiddenSize, numLayers: plan.numLayers, bidirectional: plan.bidirectional };
  const cellOptions = { ...(plan.cell === 'rnn' ? { nonlinearity: plan.nonlinearity } : {}), ...(plan.cell === 'gru' ? { resetAfter: plan.resetAfter } : {}) };
  let model: TfjsConvertible;
  if (!plan.head) {
    const o = { ...common, bias: plan.bias, batchFirst: true, ...cellOptions };
    model = plan.cell === 'lstm' ? new LSTM(o) : plan.cell === 'gru' ? new GRU(o) : new RNN(o);
  } else if (!plan.returnSequences) {
    model = new ManyToOne({ cell: plan.cell, ...common, outputSize: plan.head.outputSize, ...cellOptions });
  } else {
    model = new ManyToMany({ cell: plan.cell, ...common, outputSize: plan.head.outputSize, outputBias: plan.head.bias, ...cellOptions });
  }
  const layer = model instanceof ManyToOne || model instanceof ManyToMany ? model.recurrent : model;
  const list = [];
  for (let l = 0; l < plan.numLayers; l++) {
    for (const dir of plan.bidirectional ? (['forward', 'backward'] as const) : [null]) {
      for (const role of plan.bias ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel']) {
        const w = find(weights, plan.recurrentNames[l], dir, role);
        list.push({ ...w, name: `${plan.recurrentNames[l]}${dir ? `/${dir}` : ''}/${role}` });
      }
    }
  }
  fromKerasWeights(layer, list);
  if (plan.head && plan.denseName) {
    const head = (model as ManyToOne | ManyToMany).head;
    const [O, F] = head.weight.shape;
    const k = find(weights, plan.denseName, null, 'kernel');
    if (k.shape.length !== 2 || k.shape[0] !== F || k.shape[1] !== O) throw new FormatError('TF.js weights', `Dense '${plan.denseName}' kernel: expected shape [${F}, ${O}], got [${k.shape.join(', ')}]`);
    for (let o = 0; o < O; o++) for (let f = 0; f < F; f++) head.weight.data[o * F + f] = k.data[f * O + o];
    if (head.bias) {
      const b = find(weights, plan.denseName, null, 'bias');
      if (b.shape.length !== 1 || b.shape[0] !== O) throw new FormatError('TF.js weights', `Dense '${plan.denseName}' bias: expected shape [${O}], got [${b.shape.join(', ')}]`);
      head.bias.data.set(b.data);
    }
  }
  return model;
}
