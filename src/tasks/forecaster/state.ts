/**
 * What a Forecaster learns from its training part besides the weights, and saves beside them:
 * its columns, the scaler, the calendar and frequency, and the fitted baselines — so a loaded
 * forecaster scores and forecasts exactly as the one that was trained.
 */

import type { CalendarFeature } from '../../timeseries/calendar.js';
import type { ScalerJSON } from '../../timeseries/scalers.js';
import type { Frequency } from '../../timeseries/timeline.js';

/** The fitted state of one target's baselines. */
export interface TargetBaselines {
  /** In-sample MAE of the naive forecast on the training part (the MASE scale). */
  readonly naiveScale: number;
  /** Window of the moving-average baseline, chosen on the training part. */
  readonly maWindow: number;
  /** The linear AR model (LinearAR.toJSON()). */
  readonly linear: unknown;
  readonly arLags: number;
}

/** Everything but the weights; JSON-serialisable. */
export interface ForecasterState {
  /** Series columns the network reads, targets first, then past and known-future covariates. */
  readonly seriesColumns: string[];
  /** Network input columns in order (series columns, then calendar columns). */
  readonly inputs: string[];
  /** Known-future columns the network reads at the forecast steps (user covariates, then calendar). */
  readonly future: string[];
  readonly calendar: CalendarFeature[];
  readonly scaler: ScalerJSON;
  /** Step of the training series, or null for plain step numbers / irregular axes. */
  readonly frequency: Frequency | null;
  /** True when the timestamps are dates (ms since the epoch), not step numbers. */
  readonly timeIsDate: boolean;
  readonly trainRows: number;
  readonly firstTrainTimestamp: number;
  readonly lastTrainTimestamp: number;
  /** Season of the seasonal-naive baseline (rows), or null when none was found. */
  readonly season: number | null;
  readonly baselines: Record<string, TargetBaselines>;
}
