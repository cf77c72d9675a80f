// The valid files the mutations start from, each written by the library's own writers (small,
// so a case is quick, and covering the features each format has: dtypes, metadata, nested
// configs, specials, missing values, quantiles). Deterministic: same bytes on every run, so a
// case index names the same mutated file tomorrow.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BpeTokenizer, EncoderDecoder, Embedding, Forecaster, GRU, KeyedVectors, LSTM, LSTMCell, Linear, LinearAR, ManyToOne, MinMaxScaler, RNN,
  RobustScaler, Sequential, StandardScaler, Tanh, Vocabulary, createTimeSeries, encodeVectors, fit, manualSeed, mseLoss, save, tensor,
  tensorData, trainBpe, writeSafetensors, type Module, type Tensor, type TimeSeries,
} from '../../src/index.js';
import { Generator } from '../../src/random/generator.js';
import { saveContext } from '../../src/cli/forecast/context.js';
import { enc } from './mutate.js';
import type { CsvShape } from './format-mutators.js';

/** A valid file, and what a target needs to know about it. */
export interface Seed {
  name: string;
  bytes: Uint8Array;
  /** Files that travel with it, unmutated (the other half of a forecaster folder). */
  files?: Record<string, Uint8Array>;
  /** Plain JSON facts: CSV options and shape, a model's input, a series to predict from. */
  meta?: Record<string, unknown>;
}

const DAY = 86_400_000;

async function inTempDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'recurrent-fuzz-seed-'));
  try {
    return await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A daily series: weekly cycle plus noise, and a covariate. */
export function dailySeries(n: number): TimeSeries {
  const g = new Generator(7);
  const y = Float64Array.from({ length: n }, (_, t) => 10 + 3 * Math.sin((2 * Math.PI * t) / 7) + 0.3 * g.normal());
  const x = Float64Array.from({ length: n }, (_, t) => Math.cos(t / 5));
  return createTimeSeries({ y, x }, Array.from({ length: n }, (_, t) => Date.UTC(2020, 0, 1) + t * DAY));
}

const seriesJson = (s: TimeSeries) => ({ timestamps: Array.from(s.timestamps), columns: s.columns, values: s.values.map((v) => Array.from(v)) });

/** The PyTorch checkpoints of test/fixtures/torch that read (a state dict, a training checkpoint, views of every dtype). */
export function torchCheckpointSeeds(): Seed[] {
  const dir = new URL('../fixtures/torch/', import.meta.url);
  return ['lstm.pt', 'checkpoint.pt', 'views.pt'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) }));
}

export function safetensorsSeeds(): Seed[] {
  const a = writeSafetensors({ w: tensor([[1, 2, 3], [4, 5, 6]]), b: tensor([0.5, -1, 2], [3], { dtype: 'float64' }) }, { format: 'pt', note: 'é' });
  const b = writeSafetensors({ 'layer.0.weight': tensor([1.5], [1, 1]), scalar: tensor([3], []), empty: tensor([], [0, 2]) });
  return [{ name: 'two tensors + metadata', bytes: a }, { name: 'scalar, empty, 1×1', bytes: b }];
}

/** Model files of every kind of module the default builders rebuild; `meta.input` is a forward input. */
export async function modelSeeds(): Promise<Seed[]> {
  manualSeed(3);
  const models: [string, Module, Record<string, unknown>][] = [
    ['LSTM 2 layers bidirectional', new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true }), { shape: [2, 2, 3] }],
    ['GRU batch-first', new GRU({ inputSize: 2, hiddenSize: 3, batchFirst: true }), { shape: [2, 3, 2] }],
    ['RNN relu', new RNN({ inputSize: 2, hiddenSize: 2, nonlinearity: 'relu' }), { shape: [2, 1, 2] }],
    ['Sequential', new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)), { shape: [2, 3] }],
    ['ManyToOne gru', new ManyToOne({ cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1 }), { shape: [2, 4, 2] }],
    ['Embedding', new Embedding(10, 3), { ids: [1, 2, 3], shape: [3] }],
    ['LSTMCell', new LSTMCell(2, 3), { shape: [2, 2] }],
    ['EncoderDecoder', new EncoderDecoder({ cell: 'gru', srcVocabSize: 6, tgtVocabSize: 5, embeddingDim: 3, hiddenSize: 4 }), { encdec: true }],
  ];
  return inTempDir(async (dir) => {
    const out: Seed[] = [];
    for (const [name, m, input] of models) {
      const file = join(dir, 'm.safetensors');
      await save(file, m);
      out.push({ name, bytes: new Uint8Array(await readFile(file)), meta: { input } });
    }
    return out;
  });
}

/** The tiny run whose checkpoints are the checkpoint seeds, and which the resume target continues. */
export function tinyRun(optimizer: 'adam' | 'sgd') {
  const g = new Generator(1);
  const N = 8, T = 3;
  const x = tensor(Float32Array.from({ length: N * T * 2 }, () => g.normal()), [N, T, 2]);
  const y = tensor(Float32Array.from({ length: N }, () => g.normal()), [N, 1]);
  manualSeed(1);
  const model = new ManyToOne({ cell: 'lstm', inputSize: 2, hiddenSize: 3, outputSize: 1 });
  const options = {
    loss: (m: ManyToOne, b: { x: Tensor; y: Tensor }) => mseLoss(m.forward(b.x), b.y),
    epochs: 2, batchSize: 3, lr: 0.01, optimizer, validationSplit: 0.25, seed: 1,
    schedule: optimizer === 'adam' ? ({ kind: 'plateau', patience: 0 } as const) : ({ kind: 'step', stepSize: 1 } as const),
  };
  return { model, data: tensorData(x, y), options };
}

export async function checkpointSeeds(): Promise<Seed[]> {
  return inTempDir(async (dir) => {
    const out: Seed[] = [];
    for (const opt of ['adam', 'sgd'] as const) {
      const r = tinyRun(opt);
      // 2 steps per epoch; the last periodic checkpoint is after step 3, one step before the end
      await fit(r.model, r.data, { ...r.options, checkpoint: { dir: join(dir, opt), everySteps: 3, everyEpochs: 100 } });
      out.push({ name: `${opt}, after step 3`, bytes: new Uint8Array(await readFile(join(dir, opt, 'last.ckpt'))), meta: { optimizer: opt } });
    }
    return out;
  });
}

/** CSV texts (the library has no CSV writer; these are what a spreadsheet writes), their options and shape. */
export function csvSeeds(): Seed[] {
  const days = Array.from({ length: 12 }, (_, t) => new Date(Date.UTC(2021, 0, 1) + t * DAY).toISOString().slice(0, 10));
  const ms = Array.from({ length: 12 }, (_, t) => new Date(Date.UTC(2021, 0, 1) + t).toISOString());
  const seed = (name: string, text: string, options: Record<string, unknown>, shape: CsvShape): Seed => ({ name, bytes: enc.encode(text), meta: { options, shape } });
  return [
    seed('number time, two columns', 't,a,b\n' + Array.from({ length: 12 }, (_, t) => `${t + 1},${t * 0.5},${10 - t}`).join('\n') + '\n',
      { timeColumn: 't', timeFormat: 'number' }, { delimiter: ',', timeField: 0, time: 'number' }),
    seed('ISO days with gaps and missing values', 'date;temp\n' + days.filter((_, t) => t !== 4).map((d, t) => `${d};${t === 6 ? 'NA' : (t * 1.25).toFixed(2)}`).join('\n') + '\n',
      { timeColumn: 'date', delimiter: ';', missing: 'interpolate' }, { delimiter: ';', timeField: 0, time: 'day' }),
    seed('ISO times a millisecond apart', 'ts,v\n' + ms.map((d, t) => `${d},${t % 3}`).join('\n') + '\n',
      { timeColumn: 'ts', duplicates: 'mean' }, { delimiter: ',', timeField: 0, time: 'ms' }),
    seed('no time column, quoted header', '"x","y"\n' + Array.from({ length: 10 }, (_, t) => `${t},${-t}`).join('\n') + '\n',
      {}, { delimiter: ',', timeField: -1, time: 'none' }),
  ];
}

export function vectorSeeds(format: 'word2vec-text' | 'word2vec-binary' | 'glove'): Seed[] {
  const words = ['the', 'cat', 'sat', 'mat', 'é', '😀'];
  const g = new Generator(2);
  const make = (dim: number) => new KeyedVectors(words, Float32Array.from({ length: words.length * dim }, () => g.normal()), dim);
  return [3, 1].map((dim) => ({ name: `${format}, ${words.length} words × ${dim}`, bytes: encodeVectors(make(dim), format) }));
}

export function vocabularySeeds(): Seed[] {
  const v = Vocabulary.build([['a', 'b', 'a', '😀'], ['c', 'a']]);
  const w = Vocabulary.build([['x', 'y']], { extraSpecials: ['<mask>'] });
  return [{ name: 'built, 4 tokens', bytes: enc.encode(v.serialize()) }, { name: 'extra special', bytes: enc.encode(w.serialize()) }];
}

export function bpeSeeds(): Seed[] {
  const t = trainBpe(['ab ab abc abc abd', 'Ünïcode ünï'], { vocabSize: 14 });
  const u = trainBpe(['hello hello help'], { vocabSize: 9, lowercase: true, normalize: 'NFC' });
  return [{ name: 'trained, 14 tokens', bytes: enc.encode(t.serialize()) }, { name: 'lowercase NFC', bytes: enc.encode(u.serialize()) }];
}

export function scalerSeeds(): Seed[] {
  const s = dailySeries(20);
  const j = (x: { toJSON(): unknown }) => enc.encode(JSON.stringify(x.toJSON()));
  return [
    { name: 'standard', bytes: j(new StandardScaler().fit(s)), meta: { series: seriesJson(s) } },
    { name: 'minmax', bytes: j(new MinMaxScaler({ featureRange: [-1, 1] }).fit(s, ['y'])), meta: { series: seriesJson(s) } },
    { name: 'robust', bytes: j(new RobustScaler().fit(s)), meta: { series: seriesJson(s) } },
  ];
}

export function linearArSeeds(): Seed[] {
  const v = dailySeries(40).values[0];
  return [{ name: 'lags 3, horizon 2', bytes: enc.encode(JSON.stringify(new LinearAR({ lags: 3, horizon: 2 }).fit(v).toJSON())) }];
}

/** A trained forecaster's folder: forecaster.json is the seed, model.safetensors travels with it. */
export async function forecasterSeeds(): Promise<Seed[]> {
  const s = dailySeries(60);
  const configs = [
    { targets: ['y'], lookBack: 7, hiddenSize: 4, epochs: 1, seed: 1, calendar: 'none' as const },
    { targets: ['y'], features: ['x'], lookBack: 5, horizon: 2, hiddenSize: 3, epochs: 1, seed: 2, quantiles: [0.1, 0.5, 0.9], scaler: 'robust' as const },
  ];
  return inTempDir(async (dir) => {
    const out: Seed[] = [];
    for (const [k, c] of configs.entries()) {
      const f = new Forecaster(c);
      await f.fit(s);
      await f.save(join(dir, String(k)));
      const json = new Uint8Array(await readFile(join(dir, String(k), 'forecaster.json')));
      const model = new Uint8Array(await readFile(join(dir, String(k), 'model.safetensors')));
      out.push({ name: `forecaster ${k}`, bytes: json, files: { 'model.safetensors': model }, meta: { series: seriesJson(s) } });
    }
    return out;
  });
}

export async function contextSeeds(): Promise<Seed[]> {
  return inTempDir(async (dir) => {
    await saveContext(dir, dailySeries(10), 6, { time: 'date', delimiter: ';' });
    return [{ name: 'context.json, 6 rows', bytes: new Uint8Array(await readFile(join(dir, 'context.json'))) }];
  });
}

export function textSeeds(kind: 'word-pairs' | 'analogies' | 'corpus'): Seed[] {
  const texts = {
    'word-pairs': '# word1\tword2\tscore\ncat\tdog\t7.5\nsun\tmoon\t6\né\t😀\t0.25\n',
    analogies: ': capital\nathens greece paris france\nberlin germany rome italy\n: family\nboy girl king queen\n',
    corpus: 'the cat sat on the mat\nthe dog sat\n\nÉté 😀 naïve\n',
  };
  return [{ name: kind, bytes: enc.encode(texts[kind]) }];
}
