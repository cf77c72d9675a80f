/**
 * Options of the Forecaster, with every default in one place (`FORECASTER_DEFAULTS`) and the
 * reason for it. The CLI's `recurrent forecast train` flags map onto these fields one to one.
 */

import type { CellType } from '../../models/recurrent-factory.js';
import type { CalendarFeature } from '../../timeseries/calendar.js';
import type { Callback } from '../../train/types.js';
import type { ForecastStrategy } from './network.js';

/** Which scaler is fitted on the training part. */
export type ScalerKind = 'standard' | 'minmax' | 'robust';

/** Options of a {@link Forecaster}. Only `targets` is required. */
export interface ForecasterOptions {
  /** C: the columns to forecast. */
  readonly targets: readonly string[];
  /** Past covariates read over the look-back window, besides the targets. Default none. */
  readonly features?: readonly string[];
  /** Columns known in advance (planned values), read at the forecast steps. Default none. */
  readonly futureCovariates?: readonly string[];
  /**
   * Calendar features generated from the timestamps (sin/cos pairs), used both over the look-back
   * window and as known-future covariates: 'auto' picks those of the frequency whose cycle the
   * target shows, 'none' uses none, or a list.
   */
  readonly calendar?: 'auto' | 'none' | readonly CalendarFeature[];
  /** T: steps of history the network reads. */
  readonly lookBack?: number;
  /** H: steps forecast from each origin. */
  readonly horizon?: number;
  readonly strategy?: ForecastStrategy;
  readonly cell?: CellType;
  readonly hiddenSize?: number;
  readonly numLayers?: number;
  /** Dropout between stacked recurrent layers (needs numLayers > 1). */
  readonly dropout?: number;
  /** Quantiles trained with the pinball loss; the interval is [first, last]; [] trains MSE. */
  readonly quantiles?: readonly number[];
  /** Predict the change from the last observed value instead of the level (targets must be inputs). */
  readonly predictChange?: boolean;
  readonly scaler?: ScalerKind;
  /** Initial LSTM forget-gate bias. */
  readonly forgetBias?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  /** Epochs without a better validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Fraction of the training windows, the latest ones, held out for early stopping. */
  readonly validationFraction?: number;
  readonly clipNorm?: number | null;
  /** Season in rows for the seasonal-naive baseline; default detected from the training part. */
  readonly season?: number | null;
  /** Most lags the linear AR baseline may use (chosen on the training part). */
  readonly arMaxLags?: number;
  readonly seed?: number;
  /** Passed to `fit` (progress bars, JSON logs). */
  readonly callbacks?: readonly Callback[];
  /** Checkpoints during training, as `fit`'s `checkpoint.dir`. */
  readonly checkpointDir?: string | null;
  /** Continue an interrupted training from this checkpoint (file, or a folder holding last.ckpt), as `fit`'s `resume`. */
  readonly resume?: string | null;
}

/**
 * Defaults, chosen by measurement with bench/forecast.ts on public series (daily temperatures,
 * monthly sunspots, daily rainfall, daily S&P 500 closes); the figures are in README.
 */
export const FORECASTER_DEFAULTS = {
  features: [] as readonly string[],
  futureCovariates: [] as readonly string[],
  /**
   * The calendar features of the frequency whose cycle the training target shows (see
   * calendar-choice.ts): day of year for daily temperatures, month for airline passengers,
   * none for sunspots, rainfall or stock prices, where they only added noise.
   */
  calendar: 'auto' as 'auto' | 'none' | readonly CalendarFeature[],
  /**
   * Two months of daily data, five years of monthly: on the measured series 60 beat 30 on
   * sunspots (13.2 vs 13.4 MAE), rainfall and the S&P 500, and matched it on temperatures; an
   * LSTM reads it in one fused call.
   */
  lookBack: 60,
  horizon: 1,
  /** One output per horizon step: no error feedback, and one forward pass per forecast. */
  strategy: 'direct' as ForecastStrategy,
  /** GRU did worse on both temperatures (1.714) and sunspots (13.63). */
  cell: 'lstm' as CellType,
  /** 32 units were worse on temperatures (1.717) and as good on sunspots (13.22). */
  hiddenSize: 64,
  numLayers: 1,
  dropout: 0,
  /**
   * The median is the point forecast (minimising MAE, the headline metric), and q 0.1/0.9 give an
   * 80% interval. On skewed series such as rainfall the median beats the mean by a wide margin.
   */
  quantiles: [0.1, 0.5, 0.9] as readonly number[],
  /**
   * On: a series that leaves its training range (a stock index years later) is forecast as a
   * change from where it is, not as a level the network has never seen (S&P 500 test MAE 17.5
   * instead of 112.7 with levels, seed 0); on stationary series it did as well (temperatures, sunspots).
   */
  predictChange: true,
  /** z-scores: Adam's step sizes then suit every series whatever its units. */
  scaler: 'standard' as ScalerKind,
  /**
   * 1, as Jozefowicz et al. 2015 and Keras's unit_forget_bias: the cell starts by remembering.
   * With 0 (PyTorch's initialisation) sunspot MAE was 13.72 instead of 13.28 (medians of 3 seeds).
   */
  forgetBias: 1,
  /** An upper bound; early stopping ends most runs well before. */
  epochs: 100,
  batchSize: 32,
  /**
   * Higher than Adam's 1e-3: windows of a few thousand rows give few steps per epoch. With 1e-3,
   * MAE was 1.709 instead of 1.704 on temperatures and 13.48 instead of 13.28 on sunspots.
   */
  lr: 3e-3,
  /** Patience 20 reached the same medians (1.704, 13.28) in twice the time. */
  patience: 10,
  validationFraction: 0.15,
  clipNorm: 1 as number | null,
  season: null as number | null,
  arMaxLags: 30,
  seed: 0,
} as const;
