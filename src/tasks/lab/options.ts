/** Options of {@link runLab}, with every default in one place (`LAB_DEFAULTS`). The CLI's flags map onto them one to one. */
import type { LabCell } from './models.js';
import type { LabTaskName } from './task.js';
import type { LabEvalEvent, LabModelResult } from './result.js';

/** Hooks the runner calls; they never print (the CLI's progress and JSON lines are such hooks). */
export interface LabCallbacks {
  onModelBegin?(info: { cell: LabCell; index: number; count: number }): void;
  /** After every `evalEvery` steps and at the end of each model's training. */
  onEval?(event: LabEvalEvent): void;
  onModelEnd?(result: LabModelResult): void;
}

/** Options of {@link runLab}; only `task` is required, every default is in `LAB_DEFAULTS`. */
export interface LabOptions {
  readonly task: LabTaskName;
  /** T: the adding and Reber sequences' length, copy's number of blanks. Default per task (DEFAULT_LENGTHS). */
  readonly length?: number;
  /** The models, trained one after the other. */
  readonly cells?: readonly LabCell[];
  /** Most optimizer steps per model. */
  readonly steps?: number;
  /** Wall-clock budget per model, in minutes (training stops at whichever of steps and minutes comes first). */
  readonly minutes?: number;
  /** Seed of the weights, the training batches (the same for every model) and the test batch. */
  readonly seed?: number;
  /** Global gradient-norm clip; null turns clipping off. */
  readonly clip?: number | null;
  readonly hiddenSize?: number;
  readonly batchSize?: number;
  /** Adam's learning rate. */
  readonly lr?: number;
  /** Steps between evaluations on the test batch. */
  readonly evalEvery?: number;
  /** Examples of the held-out test batch. */
  readonly testSize?: number;
  /** Examples of the batch the per-step gradient norms are measured on. */
  readonly gradientBatch?: number;
  /** Stop a model's training at the first evaluation that counts as solved. */
  readonly stopWhenSolved?: boolean;
  readonly callbacks?: LabCallbacks;
  readonly signal?: AbortSignal;
}

/** The defaults of {@link LabOptions}, each with the reason. */
export const LAB_DEFAULTS = {
  /** The four the issue compares; 'lstm0' (PyTorch's forget bias 0) is there to be asked for. */
  cells: ['rnn', 'irnn', 'lstm', 'gru'] as readonly LabCell[],
  /** Enough for the LSTM (forget bias 1) and GRU to solve the adding problem at T = 200 (see the README's table). */
  steps: 5000,
  /** Keeps a whole `recurrent lab` run at a few minutes per model on two cores. */
  minutes: 3,
  seed: 0,
  /** Pascanu et al. 2013; fit's default. */
  clip: 1 as number | null,
  /** Small enough for seconds per hundred steps at T = 200 on a CPU; enough for these tasks. */
  hiddenSize: 32,
  batchSize: 32,
  /** Adam at 1e-2 solved the adding problem at T = 200 in 400 (GRU) and 2 200 (LSTM, forget bias 1) steps; at 3e-3 the LSTM took 4 100. */
  lr: 1e-2,
  evalEvery: 100,
  testSize: 500,
  gradientBatch: 100,
  stopWhenSolved: true,
} as const;
