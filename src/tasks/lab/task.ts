/**
 * The shape every long-dependency task of the lab shares: a seeded batch generator, the loss the
 * models train on, the trivial baseline that loss must beat, and what counts as solved.
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../../random/generator.js';
import { ValueError } from '../../errors.js';

/** The task names of the lab (the CLI's `recurrent lab <task>`). */
export type LabTaskName = 'adding' | 'copy' | 'reber';

/** One generated batch: inputs and the targets of the task's loss. */
export interface LabBatch {
  /** Inputs [B, T, I], batch first. */
  readonly x: Tensor;
  /** Regression targets [B, 1] (adding), or class ids: [B, T] (copy) or [B] (reber). */
  readonly y: Tensor | Int32Array;
}

/**
 * A long-dependency task at one sequence length. `loss` reads the model's output: [B, 1] for
 * 'last' tasks, [B, T, outputSize] for 'all' tasks.
 */
export interface LabTask {
  readonly name: LabTaskName;
  /** The length parameter T the task was made with (its sequences may be longer, e.g. copy's T + 20). */
  readonly length: number;
  /** Steps of each input sequence. */
  readonly steps: number;
  /** Input features I. */
  readonly inputSize: number;
  /** Output features: 1 for a regression, C for C-class logits. */
  readonly outputSize: number;
  /** 'last': one prediction from the final hidden state; 'all': one per step. */
  readonly readout: 'last' | 'all';
  /** The loss the models train on, and its name in reports ('MSE', 'cross-entropy'). */
  readonly lossName: string;
  loss(output: Tensor, y: LabBatch['y']): Tensor;
  /** The loss of the trivial answer, from the task's formula (see each task). */
  readonly baseline: number;
  /** The loss below which a model counts as having solved the task. */
  readonly solvedBelow: number;
  /** B examples drawn from `g`. */
  batch(B: number, g: Generator): LabBatch;
}

/** A length checked to be an integer in [min, 100 000]. */
export function checkLength(where: string, length: number, min: number): number {
  if (!(Number.isInteger(length) && length >= min && length <= 100_000)) {
    throw new ValueError(`${where}: length must be an integer in ${min} … 100000, got ${length}`);
  }
  return length;
}
