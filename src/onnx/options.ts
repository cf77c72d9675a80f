/**
 * The options of ONNX export, their defaults (in one place, each commented) and their checks.
 */
import { ValueError } from '../errors.js';
import type { Dim } from './graph.js';

/** Options of {@link exportOnnx}. */
export interface OnnxExportOptions {
  /** Version of the default ONNX operator set, 14 … 22. Default 17. */
  opset?: number;
  /**
   * Batch and time are symbolic dimensions ('batch', 'time'), so one file serves every batch
   * size and sequence length. Default true. With false, `batchSize` and `seqLen` are required
   * and fix those dimensions.
   */
  dynamicAxes?: boolean;
  /** Fixes the batch dimension to this size (also with dynamic axes). Default: symbolic. */
  batchSize?: number;
  /** Fixes the time dimension to this length (also with dynamic axes). Default: symbolic. */
  seqLen?: number;
  /**
   * Adds an int32 input `lengths` [B] (valid steps per sequence, 1 … T) that the recurrent
   * layers read as ONNX `sequence_lens`, as `forward(x, { lengths })` does. Default false. The
   * text classifier and the translator always have it (their forwards require lengths).
   */
  withLengths?: boolean;
  /**
   * Adds the initial states as inputs (`h0`, and `c0` for an LSTM; [L·D, B, H]) to a recurrent
   * layer's export; without them the states start at zero, as `forward(x)` does. Default false.
   */
  withInitialState?: boolean;
  /**
   * Exports one streaming step instead of the whole sequence: x_t [B, I] and the state in, the
   * output and the new state out, as `layer.step(x, state)`. Default false.
   */
  step?: boolean;
}

/** The lowest opset an export may target: 14 brought the recurrent ops' current form (`layout`). */
export const MIN_OPSET = 14;
/** The highest opset an export may target: 22, the newest that onnxruntime-node 1.30 runs. */
export const MAX_OPSET = 22;

/** Default opset: 17 (onnx 1.12), run by every onnxruntime since 1.12. */
export const DEFAULT_OPSET = 17;

/** The IR version that shipped with each opset (onnx 1.9 … 1.17). */
const IR_VERSION: Record<number, number> = { 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10 };

/** OnnxExportOptions checked, with every default filled in; dims are numbers or symbolic names. */
export interface ResolvedExportOptions {
  opset: number;
  irVersion: number;
  batch: Dim;
  time: Dim;
  withLengths: boolean;
  withInitialState: boolean;
  step: boolean;
}

function size(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ValueError(`exportOnnx: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function flag(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ValueError(`exportOnnx: ${name} must be true or false, got ${String(v)}`);
  return v;
}

/** Checks `options` (ValueError naming the first bad one) and fills in the defaults. */
export function resolveExportOptions(options: OnnxExportOptions = {}): ResolvedExportOptions {
  if (typeof options !== 'object' || options === null) throw new ValueError(`exportOnnx: options must be an object, got ${String(options)}`);
  const known = new Set(['opset', 'dynamicAxes', 'batchSize', 'seqLen', 'withLengths', 'withInitialState', 'step']);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length) throw new ValueError(`exportOnnx: unknown option ${unknown.map((k) => `'${k}'`).join(', ')}; the options are ${[...known].join(', ')}`);
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ValueError(`exportOnnx: opset must be an integer in ${MIN_OPSET} … ${MAX_OPSET} (14 brought the recurrent ops' current form; onnxruntime-node 1.30 runs up to 22), got ${String(opset)}`);
  }
  const dynamic = flag('dynamicAxes', options.dynamicAxes, true);
  const batchSize = size('batchSize', options.batchSize);
  const seqLen = size('seqLen', options.seqLen);
  if (!dynamic && (batchSize === undefined || seqLen === undefined)) {
    throw new ValueError(`exportOnnx: dynamicAxes: false needs both batchSize and seqLen (the static sizes), got batchSize ${String(batchSize)} and seqLen ${String(seqLen)}`);
  }
  return {
    opset,
    irVersion: IR_VERSION[opset],
    batch: batchSize ?? 'batch',
    time: seqLen ?? 'time',
    withLengths: flag('withLengths', options.withLengths, false),
    withInitialState: flag('withInitialState', options.withInitialState, false),
    step: flag('step', options.step, false),
  };
}
