import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, userError } from '../test-helpers/cli-run.js';
import { Generator } from '../../random/generator.js';
import { randn } from '../../tensor/create.js';
import { Tensor } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { ManyToOne } from '../../models/many-to-one.js';
import { save } from '../../models/builders.js';
import { Forecaster } from '../../tasks/forecaster/forecaster.js';
import { TextClassifier } from '../../tasks/classifier/classifier.js';
import { encodeTexts } from '../../tasks/classifier/encoding.js';
import { createTimeSeries } from '../../timeseries/series.js';
import { LanguageModel } from '../../tasks/language-model/language-model.js';
import { Translator } from '../../tasks/seq2seq/translator.js';
import { assertClose, f32, i32, run, session } from '../../onnx/test-helpers/ort.js';

const dir = mkdtempSync(join(tmpdir(), 'recurrent-export-cli-'));
const g = new Generator(2);

function ok(args: string[]): string {
  const r = cli('export', ...args);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('export --model FILE (written by save) --onnx: the ONNX file runs in ONNX Runtime as the model does, lengths included; written atomically', async () => {
  const m = new ManyToOne({ cell: 'lstm', inputSize: 3, hiddenSize: 4, outputSize: 2, bidirectional: true, generator: g }).eval();
  const file = join(dir, 'm2o.safetensors');
  await save(file, m);
  const out = join(dir, 'm2o.onnx');
  assert.match(ok(['--model', file, '--onnx', out, '--with-lengths', '--opset', '18']), /wrote .*m2o\.onnx: ManyToOne, opset 18/);
  const x = randn([3, 5, 3], { generator: g });
  const got = await run(await session(readFileSync(out)), { input: f32(x), lengths: i32([5, 2, 4]) });
  assertClose(got.output, noGrad(() => m.forward(x, { lengths: [5, 2, 4] })), 'ManyToOne from the CLI');
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.partial')), [], 'no temporary file left');
});

test('export --model DIR tells a forecaster folder and a classifier folder', async () => {
  const n = 60;
  const y = Float64Array.from({ length: n }, (_, t) => 10 + Math.sin(t / 3));
  const series = createTimeSeries({ y }, Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1) + t * 86_400_000));
  const f = new Forecaster({ targets: ['y'], lookBack: 6, hiddenSize: 4, epochs: 1, seed: 3 });
  await f.fit(series);
  const fDir = join(dir, 'forecaster');
  await f.save(fDir);
  const fOut = join(dir, 'forecaster.onnx');
  assert.match(ok(['--model', fDir, '--onnx', fOut]), /forecaster, opset 17/);
  const net = f.net!.eval();
  const x = randn([2, 6, net.options.inputSize], { generator: g });
  const future = net.options.futureSize ? randn([2, net.options.horizon, net.options.futureSize], { generator: g }) : null;
  const got = await run(await session(readFileSync(fOut)), { x: f32(x), ...(future ? { future: f32(future) } : {}) });
  assertClose(got.forecast, noGrad(() => net.forward(x, future)), 'forecaster from the CLI');

  const texts = ['good food', 'bad food', 'very good', 'it was bad', 'good and good', 'bad bad bad'];
  const labels = ['pos', 'neg', 'pos', 'neg', 'pos', 'neg'];
  const clf = new TextClassifier({ hiddenSize: 4, embeddingDim: 4, epochs: 1, batchSize: 4, baselineC: 1, ensemble: 1 });
  await clf.fit([...texts, ...texts], [...labels, ...labels]);
  const cDir = join(dir, 'classifier');
  await clf.save(cDir);
  const cOut = join(dir, 'classifier.onnx');
  assert.match(ok(['--model', cDir, '--onnx', cOut]), /text classifier/);
  const seqs = encodeTexts(texts, clf.encoding!, clf.options.maxLength);
  const T = Math.max(...seqs.map((s) => s.length));
  const ids = new Int32Array(seqs.length * T);
  seqs.forEach((s, b) => ids.set(s, b * T));
  const probs = await run(await session(readFileSync(cOut)), { ids: i32(ids, [seqs.length, T]), lengths: i32(seqs.map((s) => s.length)) });
  assertClose(probs.probabilities, new Tensor(Float32Array.from(clf.predictProbabilities(texts)), [texts.length, 2]), 'classifier from the CLI');
  // A forecaster has no streaming step: a user's mistake, one line.
  userError(['export', '--model', fDir, '--onnx', join(dir, 'x.onnx'), '--step'], /step does not apply to Forecaster/);
});

test('export --model DIR tells a language model folder and a translator folder; --step exports their streaming step', async () => {
  const text = 'the cat sat on the mat.\nthe dog sat on the log.\n'.repeat(6);
  const lm = new LanguageModel({ embeddingSize: 4, hiddenSize: 6, batchSize: 2, steps: 8, epochs: 1, validateEvery: 5, seed: 2 });
  await lm.fit(text);
  const lmDir = join(dir, 'lm');
  await lm.save(lmDir);
  const lmOut = join(dir, 'lm-step.onnx');
  assert.match(ok(['--model', lmDir, '--onnx', lmOut, '--step']), /language model \(one streaming step\)/);
  const net = lm.net!.eval();
  const state = net.initState(1);
  const h = f32(state.h), c = state.c ? f32(state.c) : null;
  const want = net.step(Int32Array.from([1]), state);
  const got = await run(await session(readFileSync(lmOut)), { token: i32([1]), h, ...(c ? { c } : {}) });
  assertClose(got.logits, want, 'language model step from the CLI');

  const en = ['one', 'two', 'three'], fr = ['un', 'deux', 'trois'];
  const pairs = Array.from({ length: 24 }, (_, i) => ({ source: `${en[i % 3]} ${en[(i + 1) % 3]} .`, target: `${fr[(i + 1) % 3]} ${fr[i % 3]} .` }));
  const t = new Translator({ embeddingDim: 4, hiddenSize: 6, epochs: 1, batchSize: 8, minutes: null });
  await t.fit(pairs);
  const tDir = join(dir, 'translator');
  await t.save(tDir);
  const tOut = join(dir, 'translator.onnx');
  assert.match(ok(['--model', tDir, '--onnx', tOut]), /translator, opset 17/);
  const s = await session(readFileSync(tOut));
  assert.deepEqual([...s.outputNames].sort(), ['attention_weights', 'h_n', 'logits', 'memory']);
});

test('export: mistakes are one line and exit 2', () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  userError(['export', '--model', empty, '--onnx', join(dir, 'e.onnx')], /expected a model file written by save\(\), or a folder written by forecast train/);
  userError(['export', '--model', join(dir, 'missing'), '--onnx', join(dir, 'e.onnx')], /missing/);
  userError(['export', '--model', join(dir, 'm2o.safetensors'), '--onnx', join(dir, 'e.onnx'), '--opset', '9'], /opset must be an integer in 14 … 22/);
  userError(['export', '--onnx', join(dir, 'e.onnx')], /required option '--model <path>'/);
});
