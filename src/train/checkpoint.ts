/**
 * Checkpoints of a `fit` run: one safetensors file, written atomically (a temporary file,
 * fsync, rename), holding everything needed to continue from the exact batch where it was
 * written, so the resumed run's losses equal those of a run never interrupted, bit for bit.
 *
 *   tensors   model.<key>      the model's state dict
 *             best.<key>       the weights of the best epoch (when kept for restoreBestWeights)
 *             optim.…          the optimizer's moment tensors
 *             history.…        the loss and gradient norm of every step so far (F64)
 *   metadata  format, version  'recurrent-checkpoint', '1'
 *             state            JSON of the rest: optimizer scalars and hyperparameters, the
 *                              schedule, epoch/step/batch position, the generator states (the
 *                              shuffling generator's at the epoch start, which replays the
 *                              epoch's order, and now; the default generator's), early
 *                              stopping, the epoch logs so far
 */

import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import type { EpochLog } from './types.js';
import type { MonitorState } from './monitor.js';
import { FormatError, RecurrentError, StateDictError } from '../errors.js';
import { isTempFileName } from '../io/atomic-write.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../io/safetensors-file.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { decodeState, encodeState } from './state-codec.js';
const nodeFsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

export const CHECKPOINT_FORMAT = 'recurrent-checkpoint';
export const CHECKPOINT_VERSION = '1';

/** Where a run is inside its current epoch, and the epoch's running sums. */
export interface EpochProgress {
  /** 1-based epoch in progress, or the next to start. */
  epoch: number;
  /** Whether its order has been drawn (its first batch may still be ahead after a resume at a step). */
  started: boolean;
  /** Next batch index inside the epoch. */
  batch: number;
  /** State of the shuffling generator before the epoch's permutation was drawn. */
  generatorAtStart: number[];
  /** Σ loss·batch size, Σ batch size, Σ and max gradient norm, clipped steps, steps, seconds. */
  lossSum: number;
  examples: number;
  gradNormSum: number;
  gradNormMax: number;
  clipped: number;
  steps: number;
  seconds: number;
}

/** The counters and logs of a run, as checkpointed. */
export interface RunState {
  /** Optimizer steps done. */
  step: number;
  progress: EpochProgress;
  epochs: EpochLog[];
  stepLoss: number[];
  stepGradNorm: number[];
  monitor: MonitorState;
  /** Whether the model's weights are those of the best epoch right now. */
  weightsAreBest: boolean;
}

/** The training setup a checkpoint belongs to; a resume must match it. */
export interface RunSetup {
  examples: number;
  validationExamples: number;
  batchSize: number;
  shuffle: boolean;
}

/** Everything a checkpoint holds. */
export interface CheckpointData {
  model: Record<string, Tensor>;
  best: Record<string, Tensor> | null;
  optimizer: { type: string; state: unknown };
  schedule: unknown;
  generator: number[];
  defaultGenerator: number[];
  setup: RunSetup;
  run: RunState;
}

function withPrefix(dict: Record<string, Tensor>, prefix: string, into: Record<string, Tensor>): void {
  for (const [k, t] of Object.entries(dict)) into[prefix + k] = t;
}

function takePrefix(dict: Record<string, Tensor>, prefix: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(dict)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = t;
  return out;
}

/**
 * Write `data` to `path` atomically (a reader sees the previous checkpoint or this one).
 *
 * @example
 * await writeCheckpoint('runs/a/last.ckpt', data);
 */
export async function writeCheckpoint(path: string, data: CheckpointData): Promise<void> {
  const tensors: Record<string, Tensor> = {};
  withPrefix(data.model, 'model.', tensors);
  if (data.best) withPrefix(data.best, 'best.', tensors);
  const { stepLoss, stepGradNorm, ...run } = data.run;
  const state = {
    optimizer: { type: data.optimizer.type, state: encodeState(data.optimizer.state, 'optim', tensors) },
    schedule: encodeState(data.schedule, 'schedule', tensors),
    generator: data.generator,
    defaultGenerator: data.defaultGenerator,
    setup: data.setup,
    hasBest: data.best !== null,
    run: encodeState({ ...run, stepLoss: Float64Array.from(stepLoss), stepGradNorm: Float64Array.from(stepGradNorm) }, 'history', tensors),
  };
  await saveSafetensors(path, tensors, { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, state: JSON.stringify(state) });
}

/**
 * Read a checkpoint written by {@link writeCheckpoint}. A file that is not one (truncated,
 * not safetensors, another format or version, broken state) is a FormatError naming it.
 *
 * @example
 * const data = await readCheckpoint(await resolveResumePath('runs/a'));
 */
export async function readCheckpoint(path: string): Promise<CheckpointData> {
  const { tensors, metadata } = await loadSafetensorsWithMetadata(path);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new FormatError(path, `not a training checkpoint (metadata format ${JSON.stringify(metadata.format ?? null)}, expected "${CHECKPOINT_FORMAT}"); resume takes a file written by fit's checkpoint option`);
  }
  if (metadata.version !== CHECKPOINT_VERSION) throw new FormatError(path, `checkpoint version ${JSON.stringify(metadata.version)}, this library reads version ${CHECKPOINT_VERSION}`);
  let raw: unknown;
  try {
    raw = JSON.parse(metadata.state ?? '');
  } catch {
    throw new FormatError(path, 'the checkpoint\'s "state" metadata is not valid JSON');
  }
  const s = decodeState(raw, tensors, path) as Record<string, unknown> & { run?: Record<string, unknown>; optimizer?: { type?: unknown; state?: unknown } };
  const run = s.run;
  const ok = run && typeof run.step === 'number' && run.progress && Array.isArray(run.epochs) && run.stepLoss instanceof Float64Array && run.stepGradNorm instanceof Float64Array
    && run.monitor && s.setup && Array.isArray(s.generator) && Array.isArray(s.defaultGenerator) && typeof s.optimizer?.type === 'string';
  if (!ok) throw new FormatError(path, 'the checkpoint\'s state lacks fields fit writes (run, setup, generator, optimizer); it is damaged or from another program');
  return {
    model: takePrefix(tensors, 'model.'),
    best: s.hasBest ? takePrefix(tensors, 'best.') : null,
    optimizer: { type: s.optimizer!.type as string, state: s.optimizer!.state },
    schedule: s.schedule,
    generator: s.generator as number[],
    defaultGenerator: s.defaultGenerator as number[],
    setup: s.setup as RunSetup,
    run: { ...(run as unknown as RunState), stepLoss: Array.from(run!.stepLoss as Float64Array), stepGradNorm: Array.from(run!.stepGradNorm as Float64Array) },
  };
}

/** Run `load`, turning a StateDictError into one that names the checkpoint `file` and `what`. */
export function loadNaming(file: string, what: string, load: () => void): void {
  try {
    load();
  } catch (e) {
    if (e instanceof StateDictError) throw new StateDictError(`checkpoint ${file}: the ${what} does not match this run: ${e.message}`, e.missing, e.unexpected);
    throw e;
  }
}

/**
 * Check that the checkpoint at `file` was written by a run with the same data and batching,
 * and load its model weights into `model` (a StateDictError naming the file otherwise).
 */
export function checkSetup(file: string, saved: RunSetup, now: RunSetup, model: Module, weights: Record<string, Tensor>): void {
  for (const k of ['examples', 'validationExamples', 'batchSize', 'shuffle'] as const) {
    if (saved[k] !== now[k]) {
      throw new StateDictError(`checkpoint ${file}: written by a run with ${k} ${saved[k]}, this run has ${k} ${now[k]}; resume needs the same data and batching to replay the same batches`);
    }
  }
  loadNaming(file, 'model', () => model.loadStateDict(weights));
}

/**
 * The checkpoint file `resume` names: the file itself, or `last.ckpt` inside a folder.
 *
 * @example
 * await resolveResumePath('runs/a');          // 'runs/a/last.ckpt'
 */
export async function resolveResumePath(resume: string): Promise<string> {
  try {
    const st = await nodeFsp.stat(resume);
    return st.isDirectory() ? nodePath.join(resume, 'last.ckpt') : resume;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new RecurrentError('IO', `fit: cannot resume from ${resume} (${code}); pass a checkpoint file or a folder holding last.ckpt`);
  }
}

/** Path of `last.ckpt` or `best.ckpt` in `dir`. */
export function checkpointPath(dir: string, kind: 'periodic' | 'best'): string {
  return nodePath.join(dir, kind === 'best' ? 'best.ckpt' : 'last.ckpt');
}

/** Delete the temporary files (`.*.partial`) a killed writer left in `dir`, if it exists. */
export async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await nodeFsp.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) if (isTempFileName(n)) await nodeFsp.unlink(nodePath.join(dir, n)).catch(() => undefined);
}
