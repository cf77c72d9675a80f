/**
 * The Keras model topology (model.json's `modelTopology`) of the models that map onto ours:
 * a Sequential of recurrent layers (SimpleRNN, LSTM, GRU, each optionally in a Bidirectional
 * wrapper with merge_mode 'concat'), stacked, and optionally one Dense (linear) at the end:
 *
 *   recurrent layers, all returning sequences            ↔ RNN / LSTM / GRU (batchFirst)
 *   recurrent layers, the last returning its last step, Dense ↔ ManyToOne
 *   recurrent layers, all returning sequences, Dense      ↔ ManyToMany
 *
 * Parsing reads the snake_case JSON both TF.js and Python's tensorflowjs converter write
 * (Keras 2's `batch_input_shape` or Keras 3's `batch_shape`; a `model_config` wrapper or not).
 */
import { FormatError } from '../../errors.js';
import { isRecord } from '../../io/is-record.js';
import { preview } from '../../io/json-preview.js';
import type { CellType } from '../../models/recurrent-factory.js';

/** What a Keras Sequential of these layers amounts to, in our options' terms. */
export interface KerasPlan {
  cell: CellType;
  nonlinearity: 'tanh' | 'relu';
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  bias: boolean;
  resetAfter: boolean;
  /** Whether the last recurrent layer returns every step (else only its last). */
  returnSequences: boolean;
  /** The Dense layer at the end, if any. */
  head: { outputSize: number; bias: boolean } | null;
  /** Keras layer names: the recurrent layers in order, then the Dense (null without). */
  recurrentNames: string[];
  /** For each recurrent layer, the names of its directions' inner layers (Bidirectional) or null. */
  innerNames: ([string, string] | null)[];
  denseName: string | null;
}

const RECURRENT = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' } as const;
type KerasRecurrentClass = keyof typeof RECURRENT;
const SUPPORTED = 'InputLayer, SimpleRNN, LSTM, GRU, Bidirectional (merge_mode concat), Dense (linear), Dropout';

function fail(detail: string): never {
  throw new FormatError('Keras model topology', detail);
}

function layerList(topology: unknown): unknown[] {
  if (!isRecord(topology)) fail(`expected an object, got ${preview(topology)}`);
  const model = isRecord(topology.model_config) ? topology.model_config : topology;
  if (model.class_name !== 'Sequential') fail(`only Sequential models map onto ours, got class_name ${preview(model.class_name)}`);
  const config = model.config;
  const layers = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  if (!Array.isArray(layers)) fail(`Sequential config has no layers list, got ${preview(config)}`);
  return layers;
}

/** The last dimension of a layer's batch input shape, if it states one. */
function inputFeatures(config: Record<string, unknown>): number | undefined {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(shape)) return undefined;
  const last = shape[shape.length - 1];
  return typeof last === 'number' && Number.isInteger(last) && last > 0 ? last : undefined;
}

interface RecurrentLayer {
  cls: KerasRecurrentClass;
  units: number;
  activation: string;
  bias: boolean;
  resetAfter: boolean;
  returnSequences: boolean;
}

/** A SimpleRNN, LSTM or GRU config checked against what our layers compute. */
function recurrentLayer(cls: KerasRecurrentClass, c: Record<string, unknown>, where: string): RecurrentLayer {
  const units = c.units;
  if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) fail(`${where}: units must be a positive integer, got ${preview(units)}`);
  const activation = c.activation ?? 'tanh';
  const allowed = cls === 'SimpleRNN' ? ['tanh', 'relu'] : ['tanh'];
  if (typeof activation !== 'string' || !allowed.includes(activation)) fail(`${where}: activation ${preview(activation)} is not computed by our ${cls === 'SimpleRNN' ? 'RNN (tanh or relu)' : 'layers (tanh)'}`);
  if (cls !== 'SimpleRNN') {
    const ra = c.recurrent_activation ?? 'sigmoid';
    if (ra !== 'sigmoid') fail(`${where}: recurrent_activation ${preview(ra)} is not computed by our layers, which use sigmoid (TF.js defaults to hard_sigmoid: build the Keras layer with recurrentActivation 'sigmoid')`);
  }
  for (const flag of ['go_backwards', 'stateful', 'return_state', 'time_major'] as const) {
    if (c[flag] === true) fail(`${where}: ${flag}=true has no counterpart in our layers`);
  }
  const bias = c.use_bias ?? true;
  if (typeof bias !== 'boolean') fail(`${where}: use_bias must be true or false, got ${preview(bias)}`);
  // Keras' GRU default is reset_after=True (TF.js writes the key always).
  const resetAfter = cls === 'GRU' ? c.reset_after ?? true : true;
  if (typeof resetAfter !== 'boolean') fail(`${where}: reset_after must be true or false, got ${preview(resetAfter)}`);
  return { cls, units, activation, bias, resetAfter, returnSequences: c.return_sequences === true };
}

/**
 * Reads a Keras Sequential topology into a KerasPlan; a model outside the shapes above is a
 * FormatError that names the layer and what it has.
 */
export function planOf(topology: unknown): KerasPlan {
  const layers = layerList(topology);
  const rec: RecurrentLayer[] = [];
  const recurrentNames: string[] = [];
  const innerNames: ([string, string] | null)[] = [];
  let bidirectional: boolean | null = null;
  let inputSize: number | undefined;
  let head: KerasPlan['head'] = null;
  let denseName: string | null = null;
  layers.forEach((raw, k) => {
    if (!isRecord(raw) || !isRecord(raw.config)) fail(`layer ${k}: expected {class_name, config}, got ${preview(raw)}`);
    const cls = raw.class_name;
    const c = raw.config;
    const name = typeof c.name === 'string' ? c.name : `layer ${k}`;
    const where = `layer ${k} (${preview(cls)} '${name}')`;
    inputSize ??= inputFeatures(c);
    if (cls === 'InputLayer' || cls === 'Dropout') return; // Dropout: the identity at inference
    if (head) fail(`${where}: nothing may follow the Dense layer`);
    if (cls === 'Dense') {
      if (rec.length === 0) fail(`${where}: a Dense layer needs recurrent layers before it`);
      if ((c.activation ?? 'linear') !== 'linear') fail(`${where}: activation ${preview(c.activation)}: only a linear Dense maps onto our head (apply the activation to the output)`);
      const units = c.units;
      if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) fail(`${where}: units must be a positive integer, got ${preview(units)}`);
      head = { outputSize: units, bias: c.use_bias !== false };
      denseName = name;
      return;
    }
    let inner: { cls: unknown; config: Record<string, unknown>; name: [string, string] | null };
    if (cls === 'Bidirectional') {
      if ((c.merge_mode ?? 'concat') !== 'concat') fail(`${where}: merge_mode ${preview(c.merge_mode)}: only 'concat' matches our bidirectional layers`);
      const l = c.layer;
      if (!isRecord(l) || !isRecord(l.config)) fail(`${where}: config.layer must be {class_name, config}, got ${preview(l)}`);
      const innerName = typeof l.config.name === 'string' ? l.config.name : '';
      inner = { cls: l.class_name, config: l.config, name: [`forward_${innerName}`, `backward_${innerName}`] };
    } else {
      inner = { cls, config: c, name: null };
    }
    if (typeof inner.cls !== 'string' || !(inner.cls in RECURRENT)) fail(`${where}: class ${preview(inner.cls)} is not supported (supported: ${SUPPORTED})`);
    const r = recurrentLayer(inner.cls as KerasRecurrentClass, inner.config, where);
    const bi = cls === 'Bidirectional';
    const prev = rec[rec.length - 1];
    if (prev) {
      if (!prev.returnSequences) fail(`${where}: the layer before it returns only its last step (return_sequences=false), so it cannot feed another recurrent layer`);
      const same = prev.cls === r.cls && prev.units === r.units && prev.activation === r.activation && prev.bias === r.bias && prev.resetAfter === r.resetAfter && bidirectional === bi;
      if (!same) fail(`${where}: stacked recurrent layers must share class, units, activation, use_bias, reset_after and Bidirectional to map onto one of our layers (numLayers)`);
    }
    bidirectional = bi;
    rec.push(r);
    recurrentNames.push(name);
    innerNames.push(inner.name);
  });
  if (rec.length === 0) fail(`no recurrent layer (supported: ${SUPPORTED})`);
  if (inputSize === undefined) fail('no layer states the input shape (batch_input_shape or batch_shape of the first layer)');
  const last = rec[rec.length - 1];
  if (!head && !last.returnSequences) fail(`the last recurrent layer returns only its last step and no Dense follows: add a Dense head (a ManyToOne) or return sequences`);
  if (head && !last.returnSequences && !(head as { bias: boolean }).bias) fail(`Dense '${denseName}' after the last step has use_bias=false; our ManyToOne head always has a bias`);
  if (head && !last.bias) fail(`recurrent layers with use_bias=false and a Dense head: our ManyToOne and ManyToMany always give the recurrent layer biases`);
  return {
    cell: RECURRENT[last.cls], nonlinearity: last.activation === 'relu' ? 'relu' : 'tanh', inputSize, hiddenSize: last.units,
    numLayers: rec.length, bidirectional: bidirectional ?? false, bias: last.bias, resetAfter: last.resetAfter,
    returnSequences: last.returnSequences, head, recurrentNames, innerNames, denseName,
  };
}

const CLASS_OF: Record<CellType, KerasRecurrentClass> = { rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };
const SNAKE: Record<CellType, string> = { rnn: 'simple_rnn', lstm: 'lstm', gru: 'gru' };

/**
 * The Keras Sequential topology of a plan (as TF.js' `model.toJSON()` writes it), with layer
 * names `{cell}_{k}`, `bidirectional_{k}`, `dense_1`; fills the plan's name fields. Keras'
 * default initializers are written (they matter only to re-initialise); the time dimension is
 * left free (null).
 */
export function topologyOf(plan: KerasPlan, generatedBy: string): Record<string, unknown> {
  const layers: Record<string, unknown>[] = [];
  plan.recurrentNames = [];
  plan.innerNames = [];
  for (let l = 0; l < plan.numLayers; l++) {
    const name = `${SNAKE[plan.cell]}_${l + 1}`;
    const config: Record<string, unknown> = {
      name, trainable: true, dtype: 'float32', units: plan.hiddenSize, activation: plan.cell === 'rnn' ? plan.nonlinearity : 'tanh',
      ...(plan.cell === 'rnn' ? {} : { recurrent_activation: 'sigmoid' }),
      use_bias: plan.bias,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      ...(plan.cell === 'lstm' ? { unit_forget_bias: true } : {}),
      ...(plan.cell === 'gru' ? { reset_after: plan.resetAfter } : {}),
      dropout: 0, recurrent_dropout: 0,
      return_sequences: l < plan.numLayers - 1 || plan.returnSequences, return_state: false, go_backwards: false, stateful: false, unroll: false,
    };
    const shape = l === 0 ? { batch_input_shape: [null, null, plan.inputSize] } : {};
    if (plan.bidirectional) {
      const outer = `bidirectional_${l + 1}`;
      layers.push({ class_name: 'Bidirectional', config: { name: outer, trainable: true, dtype: 'float32', merge_mode: 'concat', layer: { class_name: CLASS_OF[plan.cell], config }, ...shape } });
      plan.recurrentNames.push(outer);
      plan.innerNames.push([`forward_${name}`, `backward_${name}`]);
    } else {
      layers.push({ class_name: CLASS_OF[plan.cell], config: { ...config, ...shape } });
      plan.recurrentNames.push(name);
      plan.innerNames.push(null);
    }
  }
  plan.denseName = null;
  if (plan.head) {
    plan.denseName = 'dense_1';
    layers.push({
      class_name: 'Dense',
      config: {
        name: 'dense_1', trainable: true, dtype: 'float32', units: plan.head.outputSize, activation: 'linear', use_bias: plan.head.bias,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} },
      },
    });
  }
  return { class_name: 'Sequential', config: { name: 'sequential_1', layers }, keras_version: generatedBy, backend: 'tensor_flow.js' };
}
