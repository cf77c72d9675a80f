// Every reader and loader the fuzz suite covers: where its seeds come from, which mutations it
// gets, how a (mutated) file is read, and what a successful read must then satisfy. Kinds listed
// in `strict` carry a `mustReject`: there, a successful read is itself a failure.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BpeTokenizer, LinearAR, Module, Vocabulary, fit, load, loadForecaster, parseAnalogies, parseWordPairs, readCorpus, readCsvSeries,
  readGloVeText, readSafetensorsWithMetadata, readTorchCheckpoint, readVectors, readWord2VecBinary, readWord2VecText, scalerFromJSON, tensor, type KeyedVectors,
  type LinearARJSON, type ScalerJSON, type TimeSeries,
} from '../../src/index.js';
import { readCheckpoint } from '../../src/train/checkpoint.js';
import { loadContext } from '../../src/cli/forecast/context.js';
import { BYTE_MUTATORS, dec, enc, onJson, NON_FINITE, pick, type Mutator } from './mutate.js';
import {
  csvFarTime, csvNonFinite, csvRows, deepSequential, gloveWide, headerLength, hugeShape, jsonKinds, onHeader, onMetadataJson, vectorFields,
  vectorHeader, vectorNonFinite, onPickle,
} from './format-mutators.js';
import * as seeds from './seeds.js';
import { wavTarget } from './wav.js';
import type { Seed } from './seeds.js';

/** Where a case may write its files (one folder per child process, reused by every case). */
export interface Ctx {
  dir: string;
  seed: Seed;
}

export interface Target {
  name: string;
  /** The public function(s) read, for reports. */
  reads: string;
  seeds: () => Seed[] | Promise<Seed[]>;
  mutators: Record<string, Mutator>;
  /** Mutation kinds whose `mustReject` holds for this reader. */
  strict?: readonly string[];
  read(bytes: Uint8Array, ctx: Ctx): Promise<unknown>;
  /** After a successful read: what is wrong with the result, if anything. It may use the result; its throws are judged as the read's. */
  check?(result: unknown, ctx: Ctx): string | undefined | Promise<string | undefined>;
  /** Share of the default number of cases (the slow loaders run fewer). */
  weight?: number;
}

/** Thrown by a target when a mutation made the input unusable before the reader is reached (a value reader given text that is not JSON). */
export class NotApplicable extends Error {}

const JSON_KINDS = jsonKinds('', onJson);
const someBytes = (...k: string[]) => Object.fromEntries(k.map((x) => [x, BYTE_MUTATORS[x]]));

async function inFile(ctx: Ctx, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(ctx.dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Parses JSON for the readers that take a value (scalerFromJSON, LinearAR.fromJSON); text that is not JSON never reaches them. */
function jsonValue(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(dec.decode(bytes));
  } catch {
    throw new NotApplicable();
  }
}

const seriesOf = (meta: Record<string, unknown> | undefined): TimeSeries => {
  const s = meta!.series as { timestamps: number[]; columns: string[]; values: number[][] };
  return { timestamps: Float64Array.from(s.timestamps), columns: s.columns, values: s.values.map((v) => Float64Array.from(v)) };
};

const infinite = (xs: ArrayLike<number>) => Array.prototype.some.call(xs, (x: number) => x === Infinity || x === -Infinity);
const vectorsCheck = (kv: unknown) => (infinite((kv as KeyedVectors).vectors) ? 'a value read as ±Infinity' : undefined);

/** Runs a loaded model once on its seed's input. */
function forward(m: unknown, input: Record<string, unknown>): string | undefined {
  if (!(m instanceof Module)) return `load returned ${typeof m}, not a Module`;
  const f = m as unknown as { forward(...a: unknown[]): unknown };
  if (input.encdec) f.forward([1, 2, 3, 4], [2, 2], [1, 2, 3, 4], [2, 2]);
  else if (input.ids) f.forward(input.ids, input.shape);
  else {
    const shape = input.shape as number[];
    f.forward(tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)), shape));
  }
  return undefined;
}

const MODEL_KINDS: Record<string, Mutator> = {
  ...someBytes('bit-flip', 'byte-set', 'truncate', 'insert'),
  'header-length': headerLength,
  'huge-shape': hugeShape,
  ...jsonKinds('header:', onHeader, ['json-type', 'json-dup-key', 'json-deep', 'json-bad-number']),
};

const csvTarget = (name: string, fillGaps: boolean): Target => ({
  name,
  reads: `readCsvSeries${fillGaps ? ' with fillGaps: true' : ''}`,
  seeds: seeds.csvSeeds,
  mutators: {
    ...BYTE_MUTATORS,
    'csv-non-finite': csvNonFinite,
    'csv-far-time': csvFarTime,
    'csv-rows': csvRows,
  },
  strict: fillGaps ? ['csv-non-finite', 'csv-far-time'] : ['csv-non-finite'],
  read: async (bytes, ctx) => readCsvSeries(bytes, { ...(ctx.seed.meta!.options as object), ...(fillGaps ? { fillGaps: true } : {}) }),
  check: (r) => {
    const { series } = r as { series: TimeSeries };
    if (!Array.prototype.every.call(series.timestamps, Number.isFinite)) return 'a timestamp that is not finite';
    if (series.values.some(infinite)) return 'a value read as ±Infinity';
    return undefined;
  },
});

const vectorTarget = (name: string, format: 'word2vec-text' | 'word2vec-binary' | 'glove', read: (p: string) => Promise<KeyedVectors>): Target => ({
  name,
  reads: { 'word2vec-text': 'readWord2VecText', 'word2vec-binary': 'readWord2VecBinary', glove: 'readGloVeText' }[format],
  seeds: () => seeds.vectorSeeds(format),
  mutators: {
    ...BYTE_MUTATORS,
    ...(format !== 'glove' ? { 'w2v-header': vectorHeader } : { 'glove-wide': gloveWide }),
    ...(format !== 'word2vec-binary' ? { 'w2v-non-finite': vectorNonFinite(format === 'word2vec-text'), 'w2v-fields': vectorFields(format === 'word2vec-text') } : {}),
  },
  strict: ['w2v-non-finite'],
  read: async (bytes, ctx) => read(await inFile(ctx, 'vectors', bytes)),
  check: format === 'word2vec-binary' ? undefined : vectorsCheck,
});

/** The score field of a word-pairs line replaced by text that is not a finite decimal. */
const pairsNumber: Mutator = (b, g) => {
  const l = dec.decode(b).split('\n');
  const rows = l.map((_, i) => i).filter((i) => l[i] && !l[i].startsWith('#'));
  const r = pick(g, rows);
  const f = l[r].split('\t');
  const raw = pick(g, [...NON_FINITE, '0x10', '0b11', '1e-400x']);
  f[2] = raw;
  l[r] = f.join('\t');
  return { bytes: enc.encode(l.join('\n')), what: `line ${r + 1}: score ${JSON.stringify(raw.slice(0, 16))}`, mustReject: 'a score that is not a finite decimal number' };
};

async function forecasterDir(ctx: Ctx, json: Uint8Array, model: Uint8Array): Promise<string> {
  const dir = join(ctx.dir, 'forecaster');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'forecaster.json'), json);
  await writeFile(join(dir, 'model.safetensors'), model);
  return dir;
}

const predicts = (f: unknown, ctx: Ctx) => {
  (f as { predict(s: TimeSeries, o: object): unknown }).predict(seriesOf(ctx.seed.meta), { horizon: 2 });
  return undefined;
};

export const TARGETS: Target[] = [
  {
    name: 'safetensors',
    reads: 'readSafetensorsWithMetadata',
    seeds: seeds.safetensorsSeeds,
    mutators: { ...BYTE_MUTATORS, 'header-length': headerLength, 'huge-shape': hugeShape, ...jsonKinds('header:', onHeader) },
    strict: ['header:json-non-finite', 'header:json-dup-key'],
    read: async (bytes) => readSafetensorsWithMetadata(bytes),
  },
  {
    name: 'torch-checkpoint',
    reads: 'readTorchCheckpoint',
    seeds: seeds.torchCheckpointSeeds,
    mutators: { ...BYTE_MUTATORS, pickle: onPickle },
    read: async (bytes) => readTorchCheckpoint(bytes),
  },
  {
    name: 'model-file',
    reads: 'load (loadModel with the default builders)',
    seeds: seeds.modelSeeds,
    mutators: { ...MODEL_KINDS, ...jsonKinds('config:', (m) => onMetadataJson('config', m)), 'config:deep-sequential': deepSequential },
    strict: ['config:json-non-finite'],
    read: async (bytes, ctx) => load(await inFile(ctx, 'model.safetensors', bytes)),
    check: (m, ctx) => forward(m, ctx.seed.meta!.input as Record<string, unknown>),
  },
  {
    name: 'checkpoint',
    reads: 'readCheckpoint',
    seeds: seeds.checkpointSeeds,
    mutators: { ...MODEL_KINDS, ...jsonKinds('state:', (m) => onMetadataJson('state', m)) },
    read: async (bytes, ctx) => readCheckpoint(await inFile(ctx, 'last.ckpt', bytes)),
  },
  {
    name: 'checkpoint-resume',
    reads: 'fit(…, { resume }) on the run that wrote the checkpoint',
    seeds: seeds.checkpointSeeds,
    mutators: { ...MODEL_KINDS, ...jsonKinds('state:', (m) => onMetadataJson('state', m)) },
    read: async (bytes, ctx) => {
      const path = await inFile(ctx, 'last.ckpt', bytes);
      const r = seeds.tinyRun(ctx.seed.meta!.optimizer as 'adam' | 'sgd');
      return fit(r.model, r.data, { ...r.options, resume: path });
    },
    weight: 0.5,
  },
  csvTarget('csv', false),
  csvTarget('csv-fillgaps', true),
  vectorTarget('word2vec-text', 'word2vec-text', readWord2VecText),
  vectorTarget('word2vec-binary', 'word2vec-binary', readWord2VecBinary),
  vectorTarget('glove', 'glove', readGloVeText),
  {
    name: 'vectors-detect',
    reads: 'readVectors (format detected)',
    seeds: () => [...seeds.vectorSeeds('word2vec-text'), ...seeds.vectorSeeds('word2vec-binary'), ...seeds.vectorSeeds('glove')],
    mutators: { ...BYTE_MUTATORS, 'w2v-header': vectorHeader },
    read: async (bytes, ctx) => readVectors(await inFile(ctx, 'vectors', bytes)),
  },
  {
    name: 'vocabulary',
    reads: 'Vocabulary.load',
    seeds: seeds.vocabularySeeds,
    mutators: { ...BYTE_MUTATORS, ...JSON_KINDS },
    strict: ['json-non-finite'],
    read: async (bytes, ctx) => Vocabulary.load(await inFile(ctx, 'vocab.json', bytes)),
    check: (v) => ((v as Vocabulary).decode((v as Vocabulary).encode(['a', 'never-seen'])), undefined),
  },
  {
    name: 'bpe',
    reads: 'BpeTokenizer.load',
    seeds: seeds.bpeSeeds,
    mutators: { ...BYTE_MUTATORS, ...JSON_KINDS },
    strict: ['json-non-finite'],
    read: async (bytes, ctx) => BpeTokenizer.load(await inFile(ctx, 'bpe.json', bytes)),
    check: (t) => ((t as BpeTokenizer).tokenize('abc hello Ünï 😀'), undefined),
  },
  {
    name: 'scaler',
    reads: 'scalerFromJSON',
    seeds: seeds.scalerSeeds,
    mutators: JSON_KINDS,
    strict: ['json-non-finite'],
    read: async (bytes) => scalerFromJSON(jsonValue(bytes) as ScalerJSON),
    check: (s, ctx) => {
      const { columns, center, scale } = s as { columns: unknown; center: Float64Array; scale: Float64Array };
      if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) return 'columns that are not a list of names';
      if (center.length !== columns.length || scale.length !== columns.length) return 'center, scale and columns differ in length';
      if (!center.every(Number.isFinite)) return 'a center that is not finite';
      if (!scale.every((x) => Number.isFinite(x) && x !== 0)) return 'a scale that is zero or not finite';
      (s as { transform(x: TimeSeries): unknown }).transform(seriesOf(ctx.seed.meta));
      return undefined;
    },
  },
  {
    name: 'linear-ar',
    reads: 'LinearAR.fromJSON',
    seeds: seeds.linearArSeeds,
    mutators: JSON_KINDS,
    strict: ['json-non-finite'],
    read: async (bytes) => LinearAR.fromJSON(jsonValue(bytes) as LinearARJSON),
    check: (m) => {
      const ar = m as LinearAR;
      if (![...ar.intercepts, ...ar.coefficients].every(Number.isFinite)) return 'a coefficient that is not finite';
      ar.predict(Float64Array.from({ length: 30 }, (_, i) => Math.sin(i)), [10, 20]);
      return undefined;
    },
  },
  {
    name: 'forecaster-json',
    reads: 'loadForecaster (forecaster.json mutated)',
    seeds: seeds.forecasterSeeds,
    mutators: { ...someBytes('bit-flip', 'truncate', 'insert', 'invalid-utf8'), ...JSON_KINDS },
    read: async (bytes, ctx) => loadForecaster(await forecasterDir(ctx, bytes, ctx.seed.files!['model.safetensors'])),
    check: predicts,
    weight: 0.5,
  },
  {
    name: 'forecaster-model',
    reads: 'loadForecaster (model.safetensors mutated)',
    seeds: async () => (await seeds.forecasterSeeds()).map((s) => ({ ...s, bytes: s.files!['model.safetensors'], files: { 'forecaster.json': s.bytes } })),
    mutators: { ...MODEL_KINDS, ...jsonKinds('config:', (m) => onMetadataJson('config', m)) },
    strict: ['config:json-non-finite'],
    read: async (bytes, ctx) => loadForecaster(await forecasterDir(ctx, ctx.seed.files!['forecaster.json'], bytes)),
    check: predicts,
    weight: 0.5,
  },
  {
    name: 'forecast-context',
    reads: 'loadContext (the CLI\'s context.json)',
    seeds: seeds.contextSeeds,
    mutators: { ...BYTE_MUTATORS, ...JSON_KINDS },
    strict: ['json-non-finite'],
    read: async (bytes, ctx) => {
      await mkdir(join(ctx.dir, 'context'), { recursive: true });
      await writeFile(join(ctx.dir, 'context', 'context.json'), bytes);
      return loadContext(join(ctx.dir, 'context'));
    },
    check: (s) => {
      const t = s as TimeSeries;
      if (!Array.prototype.every.call(t.timestamps, Number.isFinite)) return 'a timestamp that is not a finite number';
      if (!t.columns.every((c) => typeof c === 'string')) return 'a column name that is not a string';
      if (t.values.some((v) => Array.prototype.some.call(v, (x: number) => !Number.isFinite(x) && !Number.isNaN(x)))) return 'a value read as ±Infinity';
      return undefined;
    },
  },
  {
    name: 'word-pairs',
    reads: 'parseWordPairs',
    seeds: () => seeds.textSeeds('word-pairs'),
    mutators: { ...BYTE_MUTATORS, 'pairs-number': pairsNumber },
    strict: ['pairs-number'],
    read: async (bytes) => parseWordPairs(dec.decode(bytes)),
  },
  {
    name: 'analogies',
    reads: 'parseAnalogies',
    seeds: () => seeds.textSeeds('analogies'),
    mutators: BYTE_MUTATORS,
    read: async (bytes) => parseAnalogies(dec.decode(bytes)),
  },
  {
    name: 'corpus',
    reads: 'readCorpus({ text })',
    seeds: () => seeds.textSeeds('corpus'),
    mutators: BYTE_MUTATORS,
    read: async (bytes) => readCorpus({ text: bytes }, { minCount: 1, lowercase: true }),
  },
  wavTarget,
];

export const targetByName = (name: string): Target | undefined => TARGETS.find((t) => t.name === name);
