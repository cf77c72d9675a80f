/**
 * A trained AudioClassifier on disk, as a folder:
 *
 *   audio-classifier.json  options (front end included), class names, the frame scaler, the training summary
 *   model.safetensors      the network (weights + config; PyTorch reads the weights)
 *   baseline.json          the fitted MFCC-statistics + logistic regression baseline
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file; audio-classifier.json, which names the others, is written last. Loading checks
 * every file against it before anything is used, and the loaded model gives the saved one's outputs.
 */

import { FormatError, RecurrentError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { readJsonFile } from '../../text/json-file.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel } from '../../io/model-file.js';
import { historySummary, readScaler, saveNetAndOptions } from '../audio-common/bundle.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { isRecord } from '../../io/is-record.js';
import { fromStoredOptions, readBundleHeader } from '../../io/bundle-header.js';
import { AudioNet, audioNetSpec } from './network.js';
import { FrameStatsLogistic, type FrameStatsLogisticJSON } from './baseline.js';
import { AudioClassifier } from './classifier.js';

const nodePath = lazyBuiltin('path');

/** `format` of audio-classifier.json. */
export const AUDIO_CLASSIFIER_FORMAT = 'recurrent-audio-classifier';
/** `version` of audio-classifier.json: the folder layout this library writes and reads. */
export const AUDIO_CLASSIFIER_VERSION = 1;

/** Writes the classifier's folder (created if absent). */
export async function saveAudioClassifier(dir: string, clf: AudioClassifier): Promise<void> {
  if (!clf.classes || !clf.net || !clf.scaler) throw new FormatError(dir, 'the audio classifier is not trained; nothing to save');
  const options = await saveNetAndOptions(dir, clf.net, clf.options);
  if (clf.baseline?.fitted) await atomicWriteFile(nodePath.join(dir, 'baseline.json'), JSON.stringify(clf.baseline.toJSON()));
  const json = {
    format: AUDIO_CLASSIFIER_FORMAT,
    version: AUDIO_CLASSIFIER_VERSION,
    options,
    classes: clf.classes,
    scaler: clf.scaler,
    baseline: clf.baseline?.fitted ? { C: clf.baseline.C } : null,
    history: historySummary(clf.history, true),
  };
  await atomicWriteFile(nodePath.join(dir, 'audio-classifier.json'), JSON.stringify(json, null, 1) + '\n');
}

/** Reads a folder written by {@link saveAudioClassifier}. */
export async function loadAudioClassifier(dir: string): Promise<AudioClassifier> {
  const file = nodePath.join(dir, 'audio-classifier.json');
  const json = await readBundleHeader(dir, { file: 'audio-classifier.json', format: AUDIO_CLASSIFIER_FORMAT, version: AUDIO_CLASSIFIER_VERSION, kind: 'an audio classifier folder', makeWith: 'recurrent audio train DIR --out DIR' });
  const clf = fromStoredOptions(file, () => new AudioClassifier(json.options as never));
  const classes = json.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every((c) => typeof c === 'string' && c.length > 0) || new Set(classes).size !== classes.length) {
    throw new FormatError(file, `"classes" must be a list of at least two distinct names, got ${previewJson(classes, 60)}`);
  }
  const path = nodePath.join(dir, 'model.safetensors');
  const net = await loadModel(path, { AudioNet: audioNetSpec });
  if (!(net instanceof AudioNet)) throw new FormatError(path, 'does not hold an AudioNet');
  if (net.options.classes !== classes.length) throw new FormatError(path, `has ${net.options.classes} outputs but audio-classifier.json names ${classes.length} classes: the files are not from one save`);
  const scaler = readScaler(file, json.scaler, net.options.inputSize);
  if (json.baseline !== null) {
    const bfile = nodePath.join(dir, 'baseline.json');
    const b = await readJsonFile(bfile, 'baseline.json');
    if (!isRecord(b)) throw new FormatError(bfile, 'expected {features, classes, C, center, scale, weights}');
    try {
      clf.baseline = FrameStatsLogistic.fromJSON(b as unknown as FrameStatsLogisticJSON);
    } catch (e) {
      if (e instanceof RecurrentError) throw new FormatError(bfile, e.message);
      throw e;
    }
  }
  net.eval();
  clf.classes = classes as string[];
  clf.net = net;
  clf.scaler = scaler;
  return clf;
}
