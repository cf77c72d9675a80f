/**
 * The parts of an audio task's model folder that the AudioClassifier and the SpeechRecognizer
 * write and read alike: the network as model.safetensors beside the options that can be stored
 * (callbacks and the abort signal cannot), the training summary, and the frame scaler.
 */

import { FormatError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { saveModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { isRecord } from '../../io/is-record.js';
import type { Module } from '../../nn/module.js';
import type { History } from '../../train/types.js';
import type { FrameScaler } from '../audio-classifier/frames.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** Creates `dir`, writes `net` to dir/model.safetensors, and returns the options without callbacks and signal (what the descriptor stores). */
export async function saveNetAndOptions<O extends { callbacks?: unknown; signal?: unknown }>(dir: string, net: Module, options: O): Promise<Omit<O, 'callbacks' | 'signal'>> {
  await fsp.mkdir(dir, { recursive: true });
  const { callbacks: _c, signal: _s, ...stored } = options;
  await saveModel(nodePath.join(dir, 'model.safetensors'), net);
  return stored;
}

/** The training summary a descriptor keeps: loss and validation loss per epoch (and validation accuracy when `withAccuracy`), the best epoch, why it stopped. */
export function historySummary(h: History | null, withAccuracy = false) {
  if (!h) return null;
  return {
    epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, ...(withAccuracy ? { valAccuracy: e.metrics.valAccuracy ?? null } : {}) })),
    bestEpoch: h.bestEpoch,
    stopReason: h.stopReason,
    seconds: h.seconds,
  };
}

/** `scaler` of a descriptor: two lists of F finite numbers, every std positive. */
export function readScaler(file: string, v: unknown, F: number): FrameScaler {
  const ok = isRecord(v) && Array.isArray(v.mean) && Array.isArray(v.std) && v.mean.length === F && v.std.length === F
    && v.mean.every((x) => Number.isFinite(x)) && v.std.every((x) => typeof x === 'number' && x > 0 && Number.isFinite(x));
  if (!ok) throw new FormatError(file, `"scaler" must be {mean, std} of ${F} finite numbers each (std > 0), got ${previewJson(v, 60)}`);
  return { mean: v.mean as number[], std: v.std as number[] };
}
