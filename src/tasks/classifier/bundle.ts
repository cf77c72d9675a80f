/**
 * A trained TextClassifier on disk, as a folder:
 *
 *   classifier.json      options, class names, tokenizer, network count, training summaries
 *   vocabulary.json      the vocabulary (Vocabulary.save)
 *   model-K.safetensors  network K of the ensemble (weights + config; PyTorch reads the weights)
 *   baseline.json        the fitted TF-IDF + logistic regression baseline
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file; classifier.json, which names the others, is written last. Loading checks every
 * file against classifier.json before anything is used.
 */

import { FormatError, RecurrentError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { readJsonFile } from '../../text/json-file.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel, saveModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { isRecord } from '../../io/is-record.js';
import { fromStoredOptions, readBundleHeader } from '../../io/bundle-header.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { tokenizerFromJSON, tokenizerToJSON } from '../../text/tokenizer-json.js';
import { ClassifierNet, classifierNetSpec } from './network.js';
import { TfidfLogistic, type TfidfLogisticJSON } from './tfidf-logistic.js';
import { TextClassifier } from './classifier.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` of classifier.json. */
export const CLASSIFIER_FORMAT = 'recurrent-text-classifier';
/** `version` of classifier.json: the folder layout this library writes and reads. */
export const CLASSIFIER_VERSION = 1;

/** Writes the classifier's folder (created if absent). */
export async function saveClassifier(dir: string, clf: TextClassifier): Promise<void> {
  if (!clf.classes || !clf.encoding || clf.nets.length === 0) throw new FormatError(dir, 'the classifier is not trained; nothing to save');
  await fsp.mkdir(dir, { recursive: true });
  const { callbacks: _c, signal: _s, ...options } = clf.options;
  for (let k = 0; k < clf.nets.length; k++) await saveModel(nodePath.join(dir, `model-${k}.safetensors`), clf.nets[k]);
  await clf.encoding.vocabulary.save(nodePath.join(dir, 'vocabulary.json'));
  if (clf.baseline?.fitted) await atomicWriteFile(nodePath.join(dir, 'baseline.json'), JSON.stringify(clf.baseline.toJSON()));
  const json = {
    format: CLASSIFIER_FORMAT,
    version: CLASSIFIER_VERSION,
    options,
    classes: clf.classes,
    tokenizer: tokenizerToJSON(clf.encoding.tokenizer),
    networks: clf.nets.length,
    baseline: clf.baseline?.fitted ? { C: clf.baseline.C } : null,
    pretrainedCoverage: clf.pretrainedCoverage,
    histories: clf.histories.map((h) => ({
      epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, valAccuracy: e.metrics.valAccuracy ?? null })),
      bestEpoch: h.bestEpoch, stopReason: h.stopReason, seconds: h.seconds,
    })),
  };
  await atomicWriteFile(nodePath.join(dir, 'classifier.json'), JSON.stringify(json, null, 1) + '\n');
}

/** Reads a folder written by {@link saveClassifier}. */
export async function loadClassifier(dir: string): Promise<TextClassifier> {
  const file = nodePath.join(dir, 'classifier.json');
  const json = await readBundleHeader(dir, { file: 'classifier.json', format: CLASSIFIER_FORMAT, version: CLASSIFIER_VERSION, kind: 'a classifier folder', makeWith: 'recurrent classify train … --out DIR' });
  const clf = fromStoredOptions(file, () => new TextClassifier(json.options as never));
  const classes = json.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string' && c.length > 0) || new Set(classes).size !== classes.length) {
    throw new FormatError(file, `"classes" must be a list of at least two distinct names, got ${previewJson(classes, 60)}`);
  }
  const n = json.networks;
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100)) throw new FormatError(file, `"networks" must be an integer in 1 … 100, got ${previewJson(n, 40)}`);
  const tokenizer = tokenizerFromJSON(json.tokenizer, `${file} "tokenizer"`);
  const vocabulary = await Vocabulary.load(nodePath.join(dir, 'vocabulary.json'));
  if (!vocabulary.hasSpecial('pad') || vocabulary.padId !== 0 || !vocabulary.hasSpecial('unk')) throw new FormatError(dir, 'vocabulary.json must reserve <pad> (id 0) and <unk>');
  const nets: ClassifierNet[] = [];
  for (let k = 0; k < n; k++) {
    const path = nodePath.join(dir, `model-${k}.safetensors`);
    const net = await loadModel(path, { ClassifierNet: classifierNetSpec });
    if (!(net instanceof ClassifierNet)) throw new FormatError(path, 'does not hold a ClassifierNet');
    const o = net.options;
    if (o.vocabSize !== vocabulary.size) throw new FormatError(path, `has ${o.vocabSize} embedding rows but vocabulary.json has ${vocabulary.size} tokens: the files are not from one save`);
    if (o.classes !== classes.length) throw new FormatError(path, `has ${o.classes} outputs but classifier.json names ${classes.length} classes: the files are not from one save`);
    net.eval();
    nets.push(net);
  }
  if (json.baseline !== null) {
    const b = await readJsonFile(nodePath.join(dir, 'baseline.json'), 'baseline.json');
    if (!isRecord(b) || !Array.isArray(b.terms) || !Array.isArray(b.idf) || !Array.isArray(b.weights) || typeof b.classes !== 'number' || typeof b.C !== 'number') {
      throw new FormatError(nodePath.join(dir, 'baseline.json'), 'expected {terms, idf, classes, C, weights}');
    }
    if (b.classes !== classes.length) throw new FormatError(nodePath.join(dir, 'baseline.json'), `has ${b.classes} classes but classifier.json names ${classes.length}`);
    try {
      clf.baseline = TfidfLogistic.fromJSON(b as unknown as TfidfLogisticJSON);
    } catch (e) {
      if (e instanceof RecurrentError) throw new FormatError(nodePath.join(dir, 'baseline.json'), e.message);
      throw e;
    }
  }
  clf.classes = classes as string[];
  clf.encoding = { tokenizer, vocabulary };
  clf.nets = nets;
  clf.pretrainedCoverage = typeof json.pretrainedCoverage === 'number' ? json.pretrainedCoverage : null;
  return clf;
}
