/**
 * A trained Translator on disk, as a folder:
 *
 *   model.safetensors   the Seq2Seq weights and config (readable by PyTorch as a state dict)
 *   translator.json     options, both tokenizers and both vocabularies, the training history
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file. Loading checks the JSON against the weights before anything is used.
 */

import { FormatError, RecurrentError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel, saveModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { isRecord } from '../../io/is-record.js';
import { readBundleHeader } from '../../io/bundle-header.js';
import { tokenizerFromJSON, tokenizerToJSON } from '../../text/tokenizer-json.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { Seq2Seq, seq2seqSpec } from './model.js';
import { CONTEXT_SEPARATOR, Translator } from './translator.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` of translator.json. */
export const TRANSLATOR_FORMAT = 'recurrent-translator';
/** `version` of translator.json: the folder layout this library writes and reads. */
export const TRANSLATOR_VERSION = 1;

/** Writes the translator's folder (created if absent). */
export async function saveTranslator(dir: string, t: Translator): Promise<void> {
  if (!t.model || !t.sourceVocabulary || !t.targetVocabulary) throw new FormatError(dir, 'the translator is not trained; nothing to save');
  await fsp.mkdir(dir, { recursive: true });
  const { callbacks: _c, ...options } = t.options;
  const h = t.history;
  const json = {
    format: TRANSLATOR_FORMAT,
    version: TRANSLATOR_VERSION,
    options,
    sourceTokenizer: tokenizerToJSON(t.sourceTokenizer),
    targetTokenizer: tokenizerToJSON(t.targetTokenizer),
    sourceVocabulary: t.sourceVocabulary.toJSON(),
    targetVocabulary: t.targetVocabulary.toJSON(),
    trainSeconds: t.trainSeconds,
    history: h ? { epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, valAccuracy: e.metrics.valAccuracy ?? null, seconds: e.seconds })), bestEpoch: h.bestEpoch, stopReason: h.stopReason } : null,
  };
  await saveModel(nodePath.join(dir, 'model.safetensors'), t.model);
  await atomicWriteFile(nodePath.join(dir, 'translator.json'), JSON.stringify(json) + '\n');
}

/** The saved training history (loss curves), when the folder has one. */
export interface SavedTranslatorHistory {
  readonly epochs: { epoch: number; loss: number; valLoss: number | null; valAccuracy: number | null; seconds: number }[];
  readonly bestEpoch: number;
  readonly stopReason: string;
}

/** Reads a folder written by {@link saveTranslator}. */
export async function loadTranslator(dir: string): Promise<Translator> {
  const file = nodePath.join(dir, 'translator.json');
  const json = await readBundleHeader(dir, { file: 'translator.json', format: TRANSLATOR_FORMAT, version: TRANSLATOR_VERSION, kind: 'a translator folder', makeWith: 'recurrent translate train PAIRS.tsv --out DIR' });
  let t: Translator;
  try {
    t = new Translator(json.options as never);
    t.sourceTokenizer = tokenizerFromJSON(json.sourceTokenizer, 'translator.json sourceTokenizer');
    t.targetTokenizer = tokenizerFromJSON(json.targetTokenizer, 'translator.json targetTokenizer');
    t.sourceVocabulary = Vocabulary.fromJSON(json.sourceVocabulary, 'translator.json sourceVocabulary');
    t.targetVocabulary = Vocabulary.fromJSON(json.targetVocabulary, 'translator.json targetVocabulary');
  } catch (e) {
    if (e instanceof FormatError) throw e;
    if (e instanceof RecurrentError) throw new FormatError(file, e.message.slice(0, 300));
    throw e;
  }
  for (const v of [t.sourceVocabulary, t.targetVocabulary]) {
    for (const s of ['pad', 'unk', 'bos', 'eos'] as const) if (!v.hasSpecial(s)) throw new FormatError(file, `a translator vocabulary needs the ${s} special token; this one has ${previewJson(v.reserved, 40)}`);
  }
  if (t.options.context && !t.sourceVocabulary.extraSpecials.includes(CONTEXT_SEPARATOR)) throw new FormatError(file, `options.context is true but the source vocabulary has no ${CONTEXT_SEPARATOR} token: the files are not from one save`);
  const net = await loadModel(nodePath.join(dir, 'model.safetensors'), { Seq2Seq: seq2seqSpec });
  if (!(net instanceof Seq2Seq)) throw new FormatError(dir, 'model.safetensors does not hold a Seq2Seq');
  const o = net.options, r = t.options;
  const expected = {
    srcVocabSize: t.sourceVocabulary.size, tgtVocabSize: t.targetVocabulary.size, cell: r.cell, attention: r.attention,
    embeddingDim: r.embeddingDim, hiddenSize: r.hiddenSize, numLayers: r.numLayers, bidirectional: r.bidirectional,
  };
  for (const [k, v] of Object.entries(expected)) {
    const got = o[k as keyof typeof o] ?? (k === 'numLayers' ? 1 : k === 'bidirectional' ? false : undefined);
    if (got !== v) throw new FormatError(dir, `model.safetensors has ${k} ${previewJson(got, 40)} but translator.json implies ${previewJson(v, 40)}: the two files are not from one save`);
  }
  net.eval();
  t.model = net;
  t.trainSeconds = typeof json.trainSeconds === 'number' ? json.trainSeconds : 0;
  savedHistories.set(t, isRecord(json.history) ? (json.history as unknown as SavedTranslatorHistory) : null);
  return t;
}

const savedHistories = new WeakMap<Translator, SavedTranslatorHistory | null>();

/** The history saved with a loaded translator (null for one trained in this process or saved without). */
export function savedHistory(t: Translator): SavedTranslatorHistory | null {
  return savedHistories.get(t) ?? null;
}
