/**
 * exportOnnx: a model of this library → ONNX ModelProto bytes that ONNX Runtime (or any ONNX
 * engine) runs with the same outputs. Which graph a model becomes is listed in modules.ts,
 * models.ts, tasks.ts and seq2seq.ts; this file picks the emitter, checks that the options apply to it and
 * writes the model-level fields (IR version, opset import, metadata).
 */
import { RecurrentBase } from '../nn/recurrent-base.js';
import { RNNCell, LSTMCell, GRUCell } from '../nn/cells.js';
import { Embedding } from '../nn/embedding.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import type { Module } from '../nn/module.js';
import { ManyToOne } from '../models/many-to-one.js';
import { ManyToMany } from '../models/many-to-many.js';
import { EncoderDecoder } from '../models/encoder-decoder.js';
import { ForecastNet } from '../tasks/forecaster/network.js';
import { ClassifierNet } from '../tasks/classifier/network.js';
import { Forecaster } from '../tasks/forecaster/forecaster.js';
import { TextClassifier } from '../tasks/classifier/classifier.js';
import { LanguageNet } from '../tasks/language-model/network.js';
import { LanguageModel } from '../tasks/language-model/language-model.js';
import { Seq2Seq } from '../tasks/seq2seq/model.js';
import { Translator } from '../tasks/seq2seq/translator.js';
import { tokenizerToJSON } from '../text/tokenizer-json.js';
import { ValueError } from '../errors.js';
import { OnnxGraph } from './graph.js';
import { resolveExportOptions, type OnnxExportOptions, type ResolvedExportOptions } from './options.js';
import { exportCell, exportEmbedding, exportFeedForward, exportRecurrentLayer } from './modules.js';
import { exportEncoderDecoder, exportManyToMany, exportManyToOne } from './models.js';
import { exportClassifierEnsemble, exportClassifierNet, exportForecastNet, exportLanguageNet } from './tasks.js';
import { exportSeq2Seq } from './seq2seq.js';

/** What exportOnnx accepts: a layer, a model, a task network, or a trained Forecaster / TextClassifier / LanguageModel / Translator. */
export type OnnxExportable = Module | Forecaster | TextClassifier | LanguageModel | Translator;

/** The producer version written into every model. */
const PRODUCER_VERSION = '0.1.0';

/** Which options a kind of graph reads; any other one set to true is a ValueError (never accepted and ignored). */
interface Accepts {
  step: boolean;
  withLengths: boolean;
  withInitialState: boolean;
}

interface Plan {
  name: string;
  accepts: Accepts;
  emit: (g: OnnxGraph, o: ResolvedExportOptions) => void;
  metadata: Record<string, string>;
}

const SEQUENCE: Accepts = { step: true, withLengths: true, withInitialState: false };
const PLAIN: Accepts = { step: false, withLengths: false, withInitialState: false };
/** Graphs whose forward always reads lengths (the classifier, the translator): withLengths is accepted, and always on. */
const ALWAYS_LENGTHS: Accepts = { ...PLAIN, withLengths: true };

function configOf(m: Module): Record<string, string> {
  try {
    return { 'recurrent.config': JSON.stringify(m.config()) };
  } catch {
    return {}; // a module without config() exports all the same
  }
}

function planFor(model: OnnxExportable): Plan {
  if (model instanceof Forecaster) {
    if (!model.net || !model.state) throw new ValueError('exportOnnx: the forecaster is not trained; call fit() or Forecaster.load(dir) first');
    const net = model.net;
    return {
      name: 'Forecaster', accepts: PLAIN, emit: (g, o) => exportForecastNet(g, net, o),
      metadata: { ...configOf(net), 'recurrent.forecaster': JSON.stringify({ options: model.options, state: model.state }) },
    };
  }
  if (model instanceof TextClassifier) {
    if (!model.classes || !model.encoding || model.nets.length === 0) throw new ValueError('exportOnnx: the classifier is not trained; call fit() or TextClassifier.load(dir) first');
    const nets = model.nets;
    return {
      name: 'TextClassifier', accepts: ALWAYS_LENGTHS, emit: (g, o) => exportClassifierEnsemble(g, nets, o),
      metadata: {
        ...configOf(nets[0]),
        'recurrent.classes': JSON.stringify(model.classes),
        'recurrent.tokenizer': JSON.stringify(tokenizerToJSON(model.encoding.tokenizer)),
        'recurrent.vocabulary': JSON.stringify(model.encoding.vocabulary.toJSON()),
      },
    };
  }
  if (model instanceof LanguageModel) {
    if (!model.net || !model.codec) throw new ValueError('exportOnnx: the language model is not trained; call fit() or LanguageModel.load(dir) first');
    const net = model.net;
    return {
      name: 'LanguageModel', accepts: { ...PLAIN, step: true }, emit: (g, o) => exportLanguageNet(g, net, o),
      metadata: {
        ...configOf(net),
        'recurrent.level': model.codec.level,
        'recurrent.tokenizer': JSON.stringify(tokenizerToJSON(model.codec.tokenizer)),
        'recurrent.vocabulary': JSON.stringify(model.codec.vocabulary.toJSON()),
      },
    };
  }
  if (model instanceof Translator) {
    if (!model.model || !model.sourceVocabulary || !model.targetVocabulary) throw new ValueError('exportOnnx: the translator is not trained; call fit() or Translator.load(dir) first');
    const net = model.model;
    return {
      name: 'Translator', accepts: { ...ALWAYS_LENGTHS, step: true }, emit: (g, o) => exportSeq2Seq(g, net, o),
      metadata: {
        ...configOf(net),
        'recurrent.source_tokenizer': JSON.stringify(tokenizerToJSON(model.sourceTokenizer)),
        'recurrent.target_tokenizer': JSON.stringify(tokenizerToJSON(model.targetTokenizer)),
        'recurrent.source_vocabulary': JSON.stringify(model.sourceVocabulary.toJSON()),
        'recurrent.target_vocabulary': JSON.stringify(model.targetVocabulary.toJSON()),
      },
    };
  }
  const metadata = configOf(model);
  const plan = (name: string, accepts: Accepts, emit: Plan['emit']): Plan => ({ name, accepts, emit, metadata });
  if (model instanceof RecurrentBase) return plan(model.constructor.name, { step: true, withLengths: true, withInitialState: true }, (g, o) => exportRecurrentLayer(g, model, o));
  if (model instanceof RNNCell || model instanceof LSTMCell || model instanceof GRUCell) return plan(model.constructor.name, PLAIN, (g, o) => exportCell(g, model, o));
  if (model instanceof ManyToOne) return plan('ManyToOne', SEQUENCE, (g, o) => exportManyToOne(g, model, o));
  if (model instanceof ManyToMany) return plan('ManyToMany', SEQUENCE, (g, o) => exportManyToMany(g, model, o));
  if (model instanceof EncoderDecoder) return plan('EncoderDecoder', SEQUENCE, (g, o) => exportEncoderDecoder(g, model, o));
  if (model instanceof ForecastNet) return plan('ForecastNet', PLAIN, (g, o) => exportForecastNet(g, model, o));
  if (model instanceof ClassifierNet) return plan('ClassifierNet', ALWAYS_LENGTHS, (g, o) => exportClassifierNet(g, model, o));
  if (model instanceof LanguageNet) return plan('LanguageNet', { ...PLAIN, step: true }, (g, o) => exportLanguageNet(g, model, o));
  if (model instanceof Seq2Seq) return plan('Seq2Seq', { ...ALWAYS_LENGTHS, step: true }, (g, o) => exportSeq2Seq(g, model, o));
  if (model instanceof Embedding) return plan('Embedding', PLAIN, (g, o) => exportEmbedding(g, model, o));
  if (model instanceof Linear || model instanceof Sequential) return plan(model.constructor.name, PLAIN, (g, o) => exportFeedForward(g, model, o));
  const name = (model as object)?.constructor?.name ?? typeof model;
  throw new ValueError(
    `exportOnnx: cannot export ${name}; exportable are RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, Linear, Embedding, Sequential (of Linear, Dropout, Tanh, ReLU, Sigmoid), ` +
    'ManyToOne, ManyToMany, EncoderDecoder, ForecastNet, ClassifierNet, LanguageNet, Seq2Seq, and a trained Forecaster, TextClassifier, LanguageModel or Translator',
  );
}

/**
 * Exports `model` as an ONNX model (the ModelProto bytes): its forward in inference mode
 * (dropout off) as one graph, heads included, weights as float32 initializers (a float64
 * model's are rounded). Recurrent layers become ONNX RNN/LSTM/GRU nodes with PyTorch's weights
 * converted exactly (gate orders LSTM i,f,g,o → i,o,f,c and GRU r,z,n → z,r,h with
 * linear_before_reset = 1, or 0 for `resetAfter: false`; B = [W_b ‖ R_b]);
 * `lengths` become `sequence_lens`. Batch and time are symbolic dimensions unless fixed.
 *
 * Inputs and outputs by model (B batch, T time; int32 ids and lengths):
 * - RNN / LSTM / GRU: input [T, B, I] ([B, T, I] if batchFirst) (h0, c0, lengths) → output, h_n (c_n);
 *   with `step`: input [B, I], h [L, B, H] (c) → output [B, H], h_out (c_out).
 * - RNNCell / LSTMCell / GRUCell: input [B, I], hx [B, H] (cx) → h [B, H] (c).
 * - ManyToOne / ManyToMany: input [B, T, I] (lengths) → output [B, O] / [B, T, O]; `step` as a layer's, output [B, O].
 * - EncoderDecoder: source [B, S], target [B, T] (source_lengths, target_lengths) → logits [B, T, V], h_n (c_n);
 *   with `step`: one decoder step, token [B], h (c) → logits [B, V], h_out (c_out).
 * - ForecastNet / Forecaster: x [B, T, F] (scaled), future [B, H, K] if K > 0 → forecast [B, H, C·Q].
 * - ClassifierNet: ids [B, T], lengths [B] → logits [B, C] (attention_weights [B, T]);
 *   TextClassifier: ids, lengths → probabilities [B, C] (the ensemble's mean softmax).
 * - LanguageNet / LanguageModel: ids [T, B], h, c [L, B, H] → logits [T, B, V], h_n (c_n);
 *   with `step`: token [B], h (c) → logits [B, V], h_out (c_out).
 * - Seq2Seq / Translator: source [B, S], source_lengths [B], target [B, T] → logits [B, T, V],
 *   attention_weights [B, T, S], memory [B, S, Hk], h_n (c_n); with `step`: token [B], h (c),
 *   memory, source_lengths → logits [B, V], attention_weights [B, S], h_out (c_out).
 *
 * A module it cannot export, or an option that does not apply to it, is a ValueError naming it.
 *
 * @example
 * import * as ort from 'onnxruntime-node';
 * const model = new ManyToOne({ cell: 'lstm', inputSize: 3, hiddenSize: 16, outputSize: 1 });
 * const bytes = exportOnnx(model, { withLengths: true });
 * const session = await ort.InferenceSession.create(bytes);
 * const { output } = await session.run({
 *   input: new ort.Tensor('float32', x, [2, 10, 3]),
 *   lengths: new ort.Tensor('int32', Int32Array.from([10, 7]), [2]),
 * });
 */
export function exportOnnx(model: OnnxExportable, options: OnnxExportOptions = {}): Uint8Array {
  const o = resolveExportOptions(options);
  const plan = planFor(model);
  for (const key of ['step', 'withLengths', 'withInitialState'] as const) {
    if (o[key] && !plan.accepts[key]) throw new ValueError(`exportOnnx: ${key} does not apply to ${plan.name}${key === 'step' ? ' (it has no streaming step)' : key === 'withLengths' ? ' (its forward takes no lengths)' : ' (only a recurrent layer takes initial states as inputs)'}`);
  }
  if (o.step && (o.withLengths || o.withInitialState)) {
    throw new ValueError('exportOnnx: a streaming step takes no lengths and always has the state as inputs; leave withLengths and withInitialState unset with step');
  }
  const g = new OnnxGraph(o.opset);
  plan.emit(g, o);
  return g.encode(o.irVersion, { graphName: o.step ? `${plan.name}_step` : plan.name, producerVersion: PRODUCER_VERSION, metadata: plan.metadata });
}
