/**
 * A trained SpeechRecognizer on disk, as a folder:
 *
 *   speech.json        options (front end and vocabulary included), the frame scaler, the training summary
 *   model.safetensors  the network (weights + config)
 *
 * Written atomically, speech.json last; loading checks the files against each other.
 */

import { FormatError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { fromStoredOptions, readBundleHeader } from '../../io/bundle-header.js';
import { historySummary, readScaler, saveNetAndOptions } from '../audio-common/bundle.js';
import { SpeechNet, speechNetSpec } from './network.js';
import { SpeechRecognizer } from './recognizer.js';

const nodePath = lazyBuiltin('path');

/** `format` of speech.json. */
export const SPEECH_FORMAT = 'recurrent-speech-recognizer';
/** `version` of speech.json. */
export const SPEECH_VERSION = 1;

/** Writes the recognizer's folder (created if absent). */
export async function saveSpeechRecognizer(dir: string, asr: SpeechRecognizer): Promise<void> {
  if (!asr.net || !asr.scaler) throw new FormatError(dir, 'the recognizer is not trained; nothing to save');
  const options = await saveNetAndOptions(dir, asr.net, asr.options);
  const json = {
    format: SPEECH_FORMAT,
    version: SPEECH_VERSION,
    options,
    scaler: asr.scaler,
    history: historySummary(asr.history),
  };
  await atomicWriteFile(nodePath.join(dir, 'speech.json'), JSON.stringify(json, null, 1) + '\n');
}

/** Reads a folder written by {@link saveSpeechRecognizer}. */
export async function loadSpeechRecognizer(dir: string): Promise<SpeechRecognizer> {
  const file = nodePath.join(dir, 'speech.json');
  const json = await readBundleHeader(dir, { file: 'speech.json', format: SPEECH_FORMAT, version: SPEECH_VERSION, kind: 'a speech recognizer folder', makeWith: 'recurrent speech train DIR --out DIR' });
  const asr = fromStoredOptions(file, () => new SpeechRecognizer(json.options as never));
  const path = nodePath.join(dir, 'model.safetensors');
  const net = await loadModel(path, { SpeechNet: speechNetSpec });
  if (!(net instanceof SpeechNet)) throw new FormatError(path, 'does not hold a SpeechNet');
  const V = asr.options.vocabulary.length + 1;
  if (net.options.vocabSize !== V) throw new FormatError(path, `has ${net.options.vocabSize} outputs but speech.json's vocabulary needs ${V} (the blank and ${V - 1} words): the files are not from one save`);
  asr.scaler = readScaler(file, json.scaler, net.options.inputSize);
  net.eval();
  asr.net = net;
  return asr;
}
