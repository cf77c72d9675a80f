/**
 * The checks and the inference loop the audio tasks share over frame matrices [T, F]: every item
 * a well-formed matrix of one F, and a network run in eval mode without a graph over batches in
 * length order (so padding stays small), its training mode restored afterwards.
 */

import { ValueError } from '../../errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Module } from '../../nn/module.js';
import type { FrameMatrix } from '../audio-classifier/baseline.js';
import { frameBatch, lengthOrder, type FrameBatch } from '../audio-classifier/frames.js';

/** Frames must be a non-empty list of [T ≥ 1, F] matrices of one F; `noun` names an item in the message ("recording", "utterance"). */
export function checkFrameList(where: string, items: readonly FrameMatrix[], noun: string): void {
  if (!Array.isArray(items) || items.length === 0) throw new ValueError(`${where}: expected a non-empty array of frame matrices {frames, T, F}`);
  const F = items[0].F;
  const bad = items.findIndex((m) => !(m && m.frames instanceof Float32Array && m.T >= 1 && m.F === F && m.frames.length === m.T * m.F));
  if (bad >= 0) throw new ValueError(`${where}: ${noun} ${bad} is not a [T ≥ 1, ${F}] frame matrix (T = ${items[bad]?.T}, F = ${items[bad]?.F})`);
}

/** Calls `each` on every batch of `items` in length order, with `net` in eval mode and no graph. */
export function inEvalBatches(net: Module, items: readonly FrameMatrix[], batchSize: number, each: (b: FrameBatch) => void): void {
  const wasTraining = net.training;
  net.eval();
  try {
    noGrad(() => {
      const order = lengthOrder(items, Int32Array.from({ length: items.length }, (_, i) => i));
      for (let s = 0; s < order.length; s += batchSize) each(frameBatch(items, order.subarray(s, Math.min(s + batchSize, order.length))));
    });
  } finally {
    net.train(wasTraining);
  }
}
