/** What {@link runLab} reports: per-evaluation events and the result of each model and of the run. */
import type { LabCell } from './models.js';
import type { LabTaskName } from './task.js';

/** One evaluation on the test batch. */
export interface LabEvalEvent {
  readonly cell: LabCell;
  /** Optimizer steps so far. */
  readonly step: number;
  /** Mean training loss of the steps since the previous evaluation. */
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly seconds: number;
}

/** The learning curve of one model: one entry per evaluation. */
export interface LabCurve {
  readonly step: number[];
  readonly trainLoss: number[];
  readonly testLoss: number[];
}

/** One model's outcome in a lab run: its final test loss, whether and when it solved the task, its curve. */
export interface LabModelResult {
  readonly cell: LabCell;
  /** Test loss at the end of training. */
  readonly testLoss: number;
  /** testLoss below the task's `solvedBelow`. */
  readonly solved: boolean;
  /** First step whose evaluation counted as solved, or null. */
  readonly solvedAtStep: number | null;
  /** Optimizer steps taken, and why training ended. */
  readonly steps: number;
  readonly stopReason: 'solved' | 'steps' | 'minutes' | 'aborted';
  readonly seconds: number;
  /** ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖, each over the whole gradient batch, after training and at initialisation. */
  readonly gradientRatio: number;
  readonly gradientRatioInit: number;
  /** Memory horizon: steps back from T at which ‖∂L/∂h_t‖ falls below 1e-3 of ‖∂L/∂h_T‖ (T when it never does; src/diagnostics' memoryHorizon). */
  readonly horizon: number;
  readonly horizonInit: number;
  /** Factor by which the norm changes per step back in time (the log-linear fit of src/diagnostics' decayRate). */
  readonly decayPerStep: number;
  readonly decayPerStepInit: number;
  /** The trained model's gradient grows back in time by more than 1e3 or is not finite. */
  readonly exploding: boolean;
  /** ‖∂L/∂h_t‖ for t = 1 … T (over the whole gradient batch), after training and at initialisation. */
  readonly gradientNorms: number[];
  readonly gradientNormsInit: number[];
  readonly curve: LabCurve;
}

/** What {@link runLab} returns: the task, its baseline and threshold, and each model's result. */
export interface LabResult {
  readonly task: LabTaskName;
  readonly length: number;
  /** Steps of each input sequence (copy: T + 20). */
  readonly sequenceLength: number;
  readonly lossName: string;
  readonly baseline: number;
  readonly solvedBelow: number;
  readonly models: Partial<Record<LabCell, LabModelResult>>;
  /** The options the run used, defaults filled in. */
  readonly settings: {
    readonly cells: LabCell[]; readonly steps: number; readonly minutes: number; readonly seed: number; readonly clip: number | null;
    readonly hiddenSize: number; readonly batchSize: number; readonly lr: number; readonly evalEvery: number; readonly testSize: number; readonly gradientBatch: number;
  };
  readonly seconds: number;
}
