/**
 * A trained LanguageModel on disk, as a folder:
 *
 *   model.safetensors      the network's weights and config (readable by PyTorch as a state dict)
 *   tokenizer.json         the tokenizer with its options (a BPE model with its merges)
 *   vocabulary.json        token ↔ id
 *   language-model.json    options, the validation curve and the run's figures
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file. Loading checks the files against each other before anything is used.
 */

import { FormatError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { readJsonFile } from '../../text/json-file.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel, saveModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { fromStoredOptions, readBundleHeader } from '../../io/bundle-header.js';
import { tokenizerFromJSON, tokenizerToJSON } from '../../text/tokenizer-json.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { CharTokenizer } from '../../text/char-tokenizer.js';
import { WordTokenizer } from '../../text/word-tokenizer.js';
import { BpeTokenizer } from '../../text/bpe.js';
import { LanguageNet, languageNetSpec } from './network.js';
import { LanguageModel } from './language-model.js';
import { TextCodec } from './text.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` of language-model.json. */
export const LANGUAGE_MODEL_FORMAT = 'recurrent-language-model';
/** `version` of language-model.json: the folder layout this library writes and reads. */
export const LANGUAGE_MODEL_VERSION = 1;

/** Writes the model's folder (created if absent). */
export async function saveLanguageModel(dir: string, lm: LanguageModel): Promise<void> {
  if (!lm.net || !lm.codec) throw new FormatError(dir, 'the language model is not trained; nothing to save');
  await fsp.mkdir(dir, { recursive: true });
  const { callbacks: _c, onValidation: _v, ...options } = lm.options;
  const r = lm.run;
  const json = {
    format: LANGUAGE_MODEL_FORMAT,
    version: LANGUAGE_MODEL_VERSION,
    options,
    level: lm.codec.level,
    vocabSize: lm.codec.size,
    run: r ? { curve: r.curve, trainTokens: r.trainTokens, validationTokens: r.validationTokens, stopReason: r.stopReason, trainSeconds: r.trainSeconds, seconds: r.seconds, steps: r.history.stepLoss.length } : null,
  };
  await saveModel(nodePath.join(dir, 'model.safetensors'), lm.net);
  await atomicWriteFile(nodePath.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerToJSON(lm.codec.tokenizer)) + '\n');
  await lm.codec.vocabulary.save(nodePath.join(dir, 'vocabulary.json'));
  await atomicWriteFile(nodePath.join(dir, 'language-model.json'), JSON.stringify(json, null, 1) + '\n');
}

/** Reads a folder written by {@link saveLanguageModel}. */
export async function loadLanguageModel(dir: string): Promise<LanguageModel> {
  const file = nodePath.join(dir, 'language-model.json');
  const json = await readBundleHeader(dir, { file: 'language-model.json', format: LANGUAGE_MODEL_FORMAT, version: LANGUAGE_MODEL_VERSION, kind: 'a language model folder', makeWith: 'recurrent lm train FILE.txt --out DIR' });
  const lm = fromStoredOptions(file, () => new LanguageModel(json.options as never));
  const level = lm.options.level;
  const tokenizer = tokenizerFromJSON(await readJsonFile(nodePath.join(dir, 'tokenizer.json'), 'tokenizer.json'), `tokenizer ${nodePath.join(dir, 'tokenizer.json')}`);
  const expected = level === 'char' ? CharTokenizer : level === 'word' ? WordTokenizer : BpeTokenizer;
  if (!(tokenizer instanceof expected)) throw new FormatError(dir, `tokenizer.json holds a ${tokenizer.constructor.name} but the model's level is '${level}'`);
  const vocabulary = await Vocabulary.load(nodePath.join(dir, 'vocabulary.json'));
  if (level === 'word' && !vocabulary.hasSpecial('eos')) throw new FormatError(dir, 'vocabulary.json reserves no <eos>, which a word-level model writes at each line end');
  const net = await loadModel(nodePath.join(dir, 'model.safetensors'), { LanguageNet: languageNetSpec });
  if (!(net instanceof LanguageNet)) throw new FormatError(dir, 'model.safetensors does not hold a LanguageNet');
  const o = net.options;
  const want = { vocabSize: vocabulary.size, cell: lm.options.cell, embeddingSize: lm.options.embeddingSize, hiddenSize: lm.options.hiddenSize, numLayers: lm.options.numLayers };
  for (const [k, v] of Object.entries(want)) {
    if (o[k as keyof typeof o] !== v) throw new FormatError(dir, `model.safetensors has ${k} ${previewJson(o[k as keyof typeof o], 40)} but ${k === 'vocabSize' ? 'vocabulary.json' : 'language-model.json'} implies ${previewJson(v, 40)}: the files are not from one save`);
  }
  lm.net = net;
  lm.codec = new TextCodec(level, tokenizer, vocabulary);
  return lm;
}
