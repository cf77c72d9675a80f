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

import type { Tensor } from '../tensor/tensor.js';
import type { EpochLog } from './types.js';
import type { MonitorState } from './monitor.js';
import { FormatError, RecurrentError, StateDictError } from '../errors.js';
import { previewJson } from '../io/json-preview.js';
import { isTempFileName } from '../io/atomic-write.js';
import { loadSafetensorsWithMetadata, saveSafetensors } from '../io/safetensors-file.js';
import { lazyBuiltin } from '../platform/node-builtins.js';
import { decodeState, encodeState } from './state-codec.js';
import * as F from './checkpoint-fields.js';
const nodeFsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` in a training checkpoint's safetensors metadata, which `resume` checks. */
export const CHECKPOINT_FORMAT = 'recurrent-checkpoint';
/** `version` in a training checkpoint's safetensors metadata: the layout this library writes and reads. */
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
  /** Σ loss·batch size, Σ batch size, Σ and max gradient norm, clipped steps, Σ ‖g‖/clipNorm over them, steps, seconds. */
  lossSum: number;
  examples: number;
  gradNormSum: number;
  gradNormMax: number;
  clipped: number;
  clipRatioSum: number;
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

/** The tensors of `dict` under `prefix`, without it (as own keys: a tensor `model.__proto__` stays a key). */
function takePrefix(dict: Record<string, Tensor>, prefix: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(dict)) {
    if (k.startsWith(prefix)) Object.defineProperty(out, k.slice(prefix.length), { value: t, enumerable: true, writable: true, configurable: true });
  }
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
 * not safetensors, another format or version, broken state) is a FormatError naming it and,
 * for the state, the field: every field of the run, setup and generators is checked here; the
 * optimizer and schedule states, which only the run's own objects can judge, by `checkResume`
 * (resume-check.ts).
 *
 * @example
 * const data = await readCheckpoint(await resolveResumePath('runs/a'));
 */
export async function readCheckpoint(path: string): Promise<CheckpointData> {
  const { tensors, metadata } = await loadSafetensorsWithMetadata(path);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new FormatError(path, `not a training checkpoint (metadata format ${previewJson(metadata.format ?? null, 100)}, expected "${CHECKPOINT_FORMAT}"); resume takes a file written by fit's checkpoint option`);
  }
  if (metadata.version !== CHECKPOINT_VERSION) throw new FormatError(path, `checkpoint version ${previewJson(metadata.version ?? null, 100)}, this library reads version ${CHECKPOINT_VERSION}`);
  let raw: unknown;
  try {
    raw = JSON.parse(metadata.state ?? '');
  } catch {
    throw new FormatError(path, 'the checkpoint\'s "state" metadata is not valid JSON');
  }
  const fail: F.Fail = (field, problem) => {
    throw new FormatError(path, `the checkpoint's state field ${field}: ${problem}; the file is damaged or was not written by fit`);
  };
  const s = F.record(fail, 'state', decodeState(raw, tensors, path));
  const optimizer = F.record(fail, 'optimizer', F.own(s, 'optimizer'));
  const type = F.own(optimizer, 'type');
  if (typeof type !== 'string') fail('optimizer.type', `expected the optimizer's class name, got ${F.describe(type)}`);
  const setup = readSetup(fail, F.own(s, 'setup'));
  const hasBest = F.boolean(fail, 'hasBest', F.own(s, 'hasBest'));
  return {
    model: takePrefix(tensors, 'model.'),
    best: hasBest ? takePrefix(tensors, 'best.') : null,
    optimizer: { type, state: F.own(optimizer, 'state') },
    schedule: F.own(s, 'schedule') ?? null,
    generator: F.generatorState(fail, 'generator', F.own(s, 'generator')),
    defaultGenerator: F.generatorState(fail, 'defaultGenerator', F.own(s, 'defaultGenerator')),
    setup,
    run: readRun(fail, F.own(s, 'run'), setup),
  };
}

function readSetup(fail: F.Fail, v: unknown): RunSetup {
  const o = F.record(fail, 'setup', v);
  return {
    examples: F.integer(fail, 'setup.examples', F.own(o, 'examples'), 1),
    validationExamples: F.integer(fail, 'setup.validationExamples', F.own(o, 'validationExamples')),
    batchSize: F.integer(fail, 'setup.batchSize', F.own(o, 'batchSize'), 1),
    shuffle: F.boolean(fail, 'setup.shuffle', F.own(o, 'shuffle')),
  };
}

/** The run's counters and logs, consistent with each other and with `setup`'s batches per epoch. */
function readRun(fail: F.Fail, v: unknown, setup: RunSetup): RunState {
  const r = F.record(fail, 'run', v);
  const step = F.integer(fail, 'run.step', F.own(r, 'step'));
  const epochs = F.array(fail, 'run.epochs', F.own(r, 'epochs')).map((e, i) => F.epochLog(fail, `run.epochs[${i}]`, e, i + 1));
  return {
    step,
    progress: readProgress(fail, F.own(r, 'progress'), epochs.length + 1, Math.ceil(setup.examples / setup.batchSize)),
    epochs,
    stepLoss: F.stepValues(fail, 'run.stepLoss', F.own(r, 'stepLoss'), step),
    stepGradNorm: F.stepValues(fail, 'run.stepGradNorm', F.own(r, 'stepGradNorm'), step),
    monitor: F.monitorState(fail, 'run.monitor', F.own(r, 'monitor'), epochs.length),
    weightsAreBest: F.boolean(fail, 'run.weightsAreBest', F.own(r, 'weightsAreBest')),
  };
}

/** Epoch `epoch` in progress (the one after the logged ones), at a batch in 0 … `batches`. */
function readProgress(fail: F.Fail, v: unknown, epoch: number, batches: number): EpochProgress {
  const o = F.record(fail, 'run.progress', v);
  const started = F.boolean(fail, 'run.progress.started', F.own(o, 'started'));
  const atStart = F.own(o, 'generatorAtStart');
  const field = (k: string) => `run.progress.${k}`;
  return {
    epoch: F.integer(fail, field('epoch'), F.own(o, 'epoch'), epoch, epoch),
    started,
    batch: F.integer(fail, field('batch'), F.own(o, 'batch'), 0, batches),
    // drawn when the epoch started, [] before
    generatorAtStart: started ? F.generatorState(fail, field('generatorAtStart'), atStart) : noGenerator(fail, field('generatorAtStart'), atStart),
    lossSum: F.finite(fail, field('lossSum'), F.own(o, 'lossSum')),
    examples: F.integer(fail, field('examples'), F.own(o, 'examples')),
    gradNormSum: F.finite(fail, field('gradNormSum'), F.own(o, 'gradNormSum'), 0),
    gradNormMax: F.finite(fail, field('gradNormMax'), F.own(o, 'gradNormMax'), 0),
    clipped: F.integer(fail, field('clipped'), F.own(o, 'clipped')),
    // absent in checkpoints written before clipRatio was logged: unknown unless nothing was clipped
    clipRatioSum: F.own(o, 'clipRatioSum') === undefined && F.own(o, 'clipped') === 0 ? 0
      : F.own(o, 'clipRatioSum') === undefined ? NaN : F.finite(fail, field('clipRatioSum'), F.own(o, 'clipRatioSum'), 0),
    steps: F.integer(fail, field('steps'), F.own(o, 'steps')),
    seconds: F.finite(fail, field('seconds'), F.own(o, 'seconds'), 0),
  };
}

function noGenerator(fail: F.Fail, field: string, v: unknown): number[] {
  if (F.array(fail, field, v).length) fail(field, `expected [] (the epoch has not started), got ${F.describe(v)}`);
  return [];
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
