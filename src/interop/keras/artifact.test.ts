// TF.js layers-model artifacts (model.json + weights.bin) in and out:
// - a model saved by TF.js (test/fixtures/keras/tfjs_model_bilstm_dense) loads as a ManyToOne
//   giving TF.js' outputs to 1e-5;
// - TF.js live: our ManyToOne, ManyToMany and bare layers exported and loaded by
//   tf.loadLayersModel give our outputs; TF.js models saved in memory load as ours;
// - save → load round trips through files, GRU reset_after=True included (TF.js cannot run it);
// - models that do not map are FormatErrors naming the layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../test/helpers/gradcheck.js';
import { Tensor } from '../../tensor/tensor.js';
import { Generator } from '../../random/generator.js';
import { RNN } from '../../nn/rnn.js';
import { LSTM } from '../../nn/lstm.js';
import { GRU } from '../../nn/gru.js';
import { ManyToOne } from '../../models/many-to-one.js';
import { ManyToMany } from '../../models/many-to-many.js';
import { FormatError, ValueError } from '../../errors.js';
import { fromTfjsArtifacts, toTfjsArtifacts, type TfjsArtifacts, type TfjsConvertible } from './artifact.js';
import { loadTfjsModel, saveTfjsModel } from './files.js';

const SAVED = fileURLToPath(new URL('../../../test/fixtures/keras/tfjs_model_bilstm_dense/', import.meta.url));

function forward(model: TfjsConvertible, x: Tensor): Tensor {
  if (model instanceof ManyToOne || model instanceof ManyToMany) return model.forward(x);
  if (model instanceof LSTM) return model.forward(x)[0];
  return model.forward(x)[0];
}

test('a model saved by TF.js (bidirectional LSTM stack, last step, Dense) loads as a ManyToOne with TF.js\' outputs to 1e-5', async () => {
  const model = await loadTfjsModel(SAVED);
  assert.ok(model instanceof ManyToOne);
  assert.equal(model.recurrent.numLayers, 2);
  assert.equal(model.recurrent.bidirectional, true);
  const io = JSON.parse(readFileSync(join(SAVED, 'io.json'), 'utf8'));
  const y = model.forward(new Tensor(Float32Array.from(io.input.data), io.input.shape));
  assert.deepEqual(y.shape, io.output.shape);
  assertClose(y.data, io.output.data, { atol: 1e-5, msg: 'ManyToOne vs TF.js' });
  // the folder and its model.json both work
  assertClose(forward(await loadTfjsModel(join(SAVED, 'model.json')), new Tensor(Float32Array.from(io.input.data), io.input.shape)).data, io.output.data, { atol: 1e-5 });
});

/** TF.js (CommonJS builds; their ES module files do not load in Node). */
function tfjs() {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core');
  require('@tensorflow/tfjs-backend-cpu');
  const tfl = require('@tensorflow/tfjs-layers');
  return { tf, tfl };
}

/**
 * The artifacts with Zeros for the recurrent initializer: TF.js' Orthogonal initializer needs
 * chained tensor methods its CommonJS build in Node lacks. The weights are loaded over it anyway.
 */
function forNodeTfjs(a: TfjsArtifacts): TfjsArtifacts {
  const topology = JSON.parse(JSON.stringify(a.modelTopology).replaceAll('"Orthogonal"', '"Zeros"'));
  return { ...a, modelTopology: topology };
}

test('TF.js loads our exported models (tf.loadLayersModel) and gives our outputs to 1e-5; TF.js models come back as ours', async () => {
  const { tf, tfl } = tfjs();
  await tf.setBackend('cpu');
  const g = new Generator(21);
  const B = 3, T = 7, I = 3;
  const models: TfjsConvertible[] = [
    new ManyToOne({ cell: 'lstm', inputSize: I, hiddenSize: 5, outputSize: 2, numLayers: 2, bidirectional: true, generator: g }),
    new ManyToMany({ cell: 'gru', resetAfter: false, inputSize: I, hiddenSize: 4, outputSize: 3, outputBias: true, generator: g }),
    new ManyToMany({ cell: 'rnn', nonlinearity: 'relu', inputSize: I, hiddenSize: 4, outputSize: 2, generator: g }),
    new GRU({ inputSize: I, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true, resetAfter: false, generator: g }),
    new LSTM({ inputSize: I, hiddenSize: 3, bias: false, batchFirst: true, generator: g }),
  ];
  for (const model of models) {
    const what = `${model.constructor.name} ${JSON.stringify(model.config().options)}`;
    const artifacts = toTfjsArtifacts(model);
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(forNodeTfjs(artifacts)));
    const xData = Float32Array.from({ length: B * T * I }, () => g.normal());
    const expected = theirs.predict(tf.tensor(xData, [B, T, I]));
    const ours = forward(model, new Tensor(xData, [B, T, I]));
    assert.deepEqual(ours.shape, expected.shape, what);
    assertClose(ours.data, expected.dataSync(), { atol: 1e-5, msg: what });
    // TF.js saves it again (its own layer names and topology); that loads as ours, the same function.
    let resaved: TfjsArtifacts | null = null;
    await theirs.save(tf.io.withSaveHandler(async (a: TfjsArtifacts) => {
      resaved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const back = fromTfjsArtifacts(resaved as unknown as TfjsArtifacts);
    assert.equal(back.constructor, model.constructor, what);
    assertClose(forward(back, new Tensor(xData, [B, T, I])).data, expected.dataSync(), { atol: 1e-5, msg: `${what} back from TF.js` });
  }
});

test('save and load through files round-trip exactly, GRU reset_after=True (which TF.js cannot run) included', async () => {
  const g = new Generator(4);
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-model-'));
  try {
    const cases: TfjsConvertible[] = [
      new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, bidirectional: true, generator: g }),
      new RNN({ inputSize: 2, hiddenSize: 3, numLayers: 3, batchFirst: true, generator: g }),
    ];
    for (const [k, model] of cases.entries()) {
      // float32 values throughout, and zero recurrent biases where Keras keeps one bias, so the trip is exact
      for (const p of model.parameters()) p.data.set(Float32Array.from(p.data));
      const path = join(dir, `m${k}`);
      await saveTfjsModel(path, model);
      const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8'));
      assert.equal(json.format, 'layers-model');
      assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
      const back = await loadTfjsModel(path);
      assert.equal(back.constructor, model.constructor);
      const x = new Tensor(Float32Array.from({ length: 2 * 4 * 2 }, () => g.normal()), [2, 4, 2]);
      if (model instanceof ManyToOne) {
        assert.equal(((back as ManyToOne).recurrent as GRU).resetAfter, true);
        assert.deepEqual(Array.from(forward(back, x).data), Array.from(forward(model, x).data));
        for (const [key, t] of Object.entries(model.stateDict())) assert.deepEqual(Array.from(back.stateDict()[key].data), Array.from(t.data), key);
      } else {
        // one Keras bias: b_ih + b_hh comes back as b_ih (b_hh zero), the same function
        assertClose(forward(back, x).data, forward(model, x).data, { atol: 1e-6, msg: 'RNN' });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('models that do not map onto ours are FormatErrors naming the layer; bad weights name the weight', () => {
  const base = toTfjsArtifacts(new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 1 }));
  const edit = (f: (layers: any[]) => void): TfjsArtifacts => {
    const t = JSON.parse(JSON.stringify(base.modelTopology));
    f(t.config.layers);
    return { ...base, modelTopology: t };
  };
  const rejects = (a: unknown, re: RegExp) => assert.throws(() => fromTfjsArtifacts(a as TfjsArtifacts), (e: unknown) => e instanceof FormatError && re.test(e.message), String(re));
  rejects(edit((l) => (l[0].config.recurrent_activation = 'hard_sigmoid')), /layer 0 \("LSTM" 'lstm_1'\): recurrent_activation "hard_sigmoid" is not computed.*recurrentActivation 'sigmoid'/);
  rejects(edit((l) => (l[1].config.activation = 'softmax')), /layer 1 \("Dense" 'dense_1'\): activation "softmax"/);
  rejects(edit((l) => l.splice(0, 0, { class_name: 'Conv1D', config: { name: 'conv' } })), /layer 0 \("Conv1D" 'conv'\): class "Conv1D" is not supported/);
  rejects(edit((l) => (l[0].config.go_backwards = true)), /go_backwards=true/);
  rejects(edit((l) => l.pop()), /returns only its last step and no Dense follows/);
  rejects({ ...base, modelTopology: { class_name: 'Model', config: {} } }, /only Sequential/);
  rejects({ ...base, weightData: base.weightData.slice(4) }, /needs bytes|account for/);
  rejects({ ...base, weightSpecs: base.weightSpecs.map((s, i) => (i === 0 ? { ...s, dtype: 'int32' } : s)) }, /weight 'lstm_1\/kernel' is "int32"/);
  rejects({ ...base, weightSpecs: base.weightSpecs.map((s, i) => (i === 1 ? { ...s, name: 'lstm_1/other' } : s)) }, /no weight of layer 'lstm_1' named …\/recurrent_kernel; its weights: lstm_1\/kernel, lstm_1\/other, lstm_1\/bias/);
  assert.throws(() => toTfjsArtifacts({} as TfjsConvertible), ValueError);
});

test('loadTfjsModel: a missing folder is an IOError, a model.json that is not JSON a FormatError', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-bad-'));
  try {
    await assert.rejects(loadTfjsModel(join(dir, 'nope')), /loadTfjsModel/);
    writeFileSync(join(dir, 'model.json'), '{ not json');
    await assert.rejects(loadTfjsModel(dir), (e: unknown) => e instanceof FormatError && /not JSON/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Python Keras model converted by tensorflowjs loads: model_config wrapper, Keras 3 batch_shape, Dropout, cell-scoped weight names', () => {
  // Our model's weights under the names and topology Python's converter writes
  // (tf.keras 2: 'gru/gru_cell/kernel', 'bidirectional/forward_gru/gru_cell/kernel').
  const g = new Generator(8);
  const ours = new ManyToOne({ cell: 'gru', inputSize: 3, hiddenSize: 4, outputSize: 2, numLayers: 2, bidirectional: true, generator: g });
  const a = toTfjsArtifacts(ours);
  const rename: Record<string, string> = {
    bidirectional_1: 'bidirectional', bidirectional_2: 'bidirectional_1', forward_gru_1: 'forward_gru', backward_gru_1: 'backward_gru',
    forward_gru_2: 'forward_gru_1', backward_gru_2: 'backward_gru_1', dense_1: 'dense',
  };
  const weightSpecs = a.weightSpecs.map((s) => {
    const parts = s.name.split('/').map((p) => rename[p] ?? p);
    if (parts.length === 3) parts.splice(2, 0, 'gru_cell'); // bidirectional/forward_gru/gru_cell/kernel
    return { ...s, name: parts.join('/') };
  });
  const gru = (name: string) => ({ class_name: 'GRU', config: { name, units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, reset_after: true, return_sequences: name === 'gru' } });
  const modelTopology = {
    keras_version: '2.15.0', backend: 'tensorflow',
    model_config: {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          { class_name: 'InputLayer', config: { batch_shape: [null, 7, 3], dtype: 'float32', name: 'input_layer' } },
          { class_name: 'Bidirectional', config: { name: 'bidirectional', merge_mode: 'concat', layer: gru('gru') } },
          { class_name: 'Dropout', config: { name: 'dropout', rate: 0.3 } },
          { class_name: 'Bidirectional', config: { name: 'bidirectional_1', merge_mode: 'concat', layer: gru('gru_1') } },
          { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'linear', use_bias: true } },
        ],
      },
    },
  };
  const back = fromTfjsArtifacts({ modelTopology, weightSpecs, weightData: new Uint8Array(a.weightData) });
  assert.ok(back instanceof ManyToOne);
  assert.equal((back.recurrent as GRU).resetAfter, true);
  const x = new Tensor(Float32Array.from({ length: 2 * 7 * 3 }, () => g.normal()), [2, 7, 3]);
  assertClose(back.forward(x).data, ours.forward(x).data, { atol: 1e-6, msg: 'Python-style model.json' });
});
