/**
 * Options of the LanguageModel, with every default in one place (`LANGUAGE_MODEL_DEFAULTS`) and
 * the reason for it. The CLI's `recurrent lm train` flags map onto these fields one to one.
 */

import type { CellType } from '../../models/recurrent-factory.js';
import type { Callback } from '../../train/types.js';

/** What one token is. */
export type TokenLevel = 'char' | 'word' | 'bpe';

/** Every token level, as the checks and the CLI list them. */
export const TOKEN_LEVELS: readonly TokenLevel[] = ['char', 'word', 'bpe'];

/** How the learning rate moves over the run. */
export type LrSchedule = 'constant' | 'cosine';

/** Every schedule, as the checks and the CLI list them. */
export const LR_SCHEDULES: readonly LrSchedule[] = ['constant', 'cosine'];

/** One validation of a run: the held-out loss after `step` optimizer steps. */
export interface ValidationPoint {
  readonly step: number;
  /** Seconds of training so far, validation time excluded (the budget counts these). */
  readonly seconds: number;
  /** Mean training loss (nats per token) of the steps since the previous point. */
  readonly trainLoss: number;
  /** Validation loss in nats per token over the whole held-out stream. */
  readonly loss: number;
  /** exp(loss). */
  readonly perplexity: number;
  /** Learning rate of the last step. */
  readonly lr: number;
}

/** Options of a {@link LanguageModel}. Every one has a default. */
export interface LanguageModelOptions {
  readonly level?: TokenLevel;
  /** Lower-case the text before splitting it. */
  readonly lowercase?: boolean;
  /** Most tokens of a word vocabulary, specials included (the most frequent are kept); a BPE vocabulary has bpeVocabSize. */
  readonly maxVocab?: number;
  /** Tokens (alphabet + merges) a 'bpe' tokenizer learns. */
  readonly bpeVocabSize?: number;
  readonly cell?: CellType;
  /** E: embedding size. */
  readonly embeddingSize?: number;
  /** H: hidden units per layer. */
  readonly hiddenSize?: number;
  /** L: stacked recurrent layers. */
  readonly numLayers?: number;
  /** Dropout between recurrent layers and on the top output, in [0, 1). */
  readonly dropout?: number;
  /** B: contiguous streams trained side by side. */
  readonly batchSize?: number;
  /** T: tokens per chunk of truncated backpropagation through time. */
  readonly steps?: number;
  /** Most passes over the training stream (a `minutes` budget usually ends the run first). */
  readonly epochs?: number;
  /** Wall-clock budget of the training, in minutes (validation time not counted); null: none. */
  readonly minutes?: number | null;
  /** Adam's learning rate (at the start, for 'cosine'). */
  readonly lr?: number;
  /** 'cosine' decays the rate to lr/10 over the budget (or the epochs without one). */
  readonly schedule?: LrSchedule;
  /** Global gradient-norm clip per step; null turns it off. */
  readonly clipNorm?: number | null;
  /** Share of the token stream held out, its end: validation = the last part. */
  readonly validationFraction?: number;
  /** Optimizer steps between validations (and one at the end). */
  readonly validateEvery?: number;
  readonly seed?: number;
  /** `fit` callbacks (progress bars, JSON lines). */
  readonly callbacks?: readonly Callback[];
  /** Called after every validation. */
  readonly onValidation?: (point: ValidationPoint) => void | 'stop';
}

/** The defaults of {@link LanguageModelOptions}, each with the reason. */
export const LANGUAGE_MODEL_DEFAULTS = {
  /** Characters need no vocabulary cut-off and never meet an unknown word. */
  level: 'char' as TokenLevel,
  lowercase: false,
  /** Word vocabularies follow Zipf's law; 10 000 covers ~95 % of the tokens of a novel-sized text. */
  maxVocab: 10_000,
  /** Between characters (≈ 65) and words: short frequent pieces, a few thousand merges. */
  bpeVocabSize: 1000,
  /** LSTM: the char-rnn standard, and our fastest fused kernel per parameter. */
  cell: 'lstm' as CellType,
  /** 64 dims carry a 65-symbol alphabet with room; the cost is in the recurrent layer. */
  embeddingSize: 64,
  /** A step of 32 × 100 characters takes ~0.27 s on one core (bench W4), so a 5-minute budget gives ~1000 steps; 512 units cost ~3.5× more per step. */
  hiddenSize: 256,
  numLayers: 1,
  /** A few minutes on ~1 M characters does not overfit a single layer of 256. */
  dropout: 0,
  /** 32 streams: the matmuls of a step are large enough to run near the kernel's peak. */
  batchSize: 32,
  /** 100 characters of BPTT (char-rnn's seq_length is 50–100); the state carries further. */
  steps: 100,
  epochs: 50,
  minutes: null as number | null,
  /** char-rnn's Adam rate; higher than 1e-3 because clipping keeps the steps bounded. */
  lr: 2e-3,
  /** A fixed budget ends where the rate has decayed (to lr/10), so the last steps settle instead of ending mid-stride. */
  schedule: 'cosine' as LrSchedule,
  /** Recurrent gradients explode now and then (Pascanu et al. 2013); 1 is the common choice. */
  clipNorm: 1 as number | null,
  /** The 90/10 split: the last 10 % of the stream is held out. */
  validationFraction: 0.1,
  /** About ten points over a 5-minute run; validation time is not counted in the budget. */
  validateEvery: 100,
  seed: 0,
} as const;
