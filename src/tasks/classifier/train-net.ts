/**
 * Training of one network of a TextClassifier on the `fit` loop: cross-entropy on
 * length-bucketed batches, AdamW, early stopping on the stratified validation part (its loss, or
 * its accuracy), the best epoch's weights restored at the end.
 */

import { fit } from '../../train/fit.js';
import type { History, TrainData } from '../../train/types.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { Generator } from '../../random/generator.js';
import type { ClassifierNet } from './network.js';
import { bucketedData, orderedData, makeBatch, lengthOrder, type TextBatch } from './batches.js';
import type { ResolvedClassifierOptions } from './resolve.js';
import { argmaxRow } from './metrics.js';

/** Class probabilities [n, C] of `seqs` (eval mode, no graph), in the order given; batches bucketed by length. */
export function netProbabilities(net: ClassifierNet, seqs: readonly Int32Array[], batchSize = 64): Float64Array {
  const C = net.options.classes;
  const P = new Float64Array(seqs.length * C);
  const wasTraining = net.training;
  net.eval();
  try {
    noGrad(() => {
      const order = lengthOrder(seqs, Int32Array.from({ length: seqs.length }, (_, i) => i));
      for (let s = 0; s < order.length; s += batchSize) {
        const which = order.subarray(s, Math.min(s + batchSize, order.length));
        const b = makeBatch(seqs, null, which);
        const probs = net.forward(b.ids, b.shape, b.lengths).softmax(1).data; // [B, C]
        which.forEach((i, r) => {
          for (let c = 0; c < C; c++) P[i * C + c] = probs[r * C + c];
        });
      }
    });
  } finally {
    net.train(wasTraining);
  }
  return P;
}

/** Accuracy of the network on data made by `orderedData` (eval mode, no graph). */
function accuracyOn(net: ClassifierNet, data: TrainData<TextBatch>, batchSize: number): number {
  let correct = 0;
  noGrad(() => {
    for (let s = 0; s < data.length; s += batchSize) {
      const b = data.batch(Int32Array.from({ length: Math.min(batchSize, data.length - s) }, (_, k) => s + k));
      const logits = net.forward(b.ids, b.shape, b.lengths).data;
      const C = net.options.classes;
      for (let r = 0; r < b.y.length; r++) if (argmaxRow(logits, r, C) === b.y[r]) correct++;
    }
  });
  return correct / data.length;
}

/**
 * Trains `net` on the texts `train` (indices into `seqs`/`labels`), stopping early on `validation`.
 * `signal` ends training after the current step; the best weights so far are kept.
 */
export async function trainNet(
  net: ClassifierNet,
  seqs: readonly Int32Array[],
  labels: Int32Array,
  parts: { train: Int32Array; validation: Int32Array },
  o: ResolvedClassifierOptions,
  generator: Generator,
  bucketSeed: number,
  signal: AbortSignal | undefined,
): Promise<History> {
  const { data, callback } = bucketedData(seqs, labels, parts.train, o.batchSize, bucketSeed);
  const validation = parts.validation.length ? orderedData(seqs, labels, parts.validation) : undefined;
  return fit(net, data, {
    loss: (m, b) => crossEntropy(m.forward(b.ids, b.shape, b.lengths), b.y),
    metrics: validation ? { valAccuracy: (m, d) => accuracyOn(m, d, o.batchSize) } : {},
    epochs: o.epochs,
    batchSize: o.batchSize,
    shuffle: false, // the bucketed order is redrawn by `callback` at each epoch
    optimizer: 'adamw',
    lr: o.lr,
    weightDecay: o.weightDecay,
    clipNorm: o.clipNorm,
    ...(validation ? { validationData: validation, earlyStopping: { monitor: o.monitor, mode: o.monitor === 'valAccuracy' ? 'max' as const : 'min' as const, patience: o.patience } } : { earlyStopping: false as const }),
    generator,
    callbacks: [callback, ...(o.callbacks ?? [])],
    ...(signal ? { signal } : {}),
  });
}
