/**
 * The options of a Forecaster made whole: every default from FORECASTER_DEFAULTS filled in and
 * every value checked (types, integer ranges far past any real use, enums, quantiles), so a
 * typo or an edited model folder fails here with the option's name rather than in an
 * allocation or deep in training.
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { FORECASTER_DEFAULTS, type ForecasterOptions } from './options.js';
import { CALENDAR_FEATURES } from '../../timeseries/calendar.js';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { FORECAST_STRATEGIES } from './network.js';

/** Options with every default filled in. */
export type ResolvedForecasterOptions = Required<Omit<ForecasterOptions, 'callbacks' | 'checkpointDir' | 'resume'>> & Pick<ForecasterOptions, 'callbacks' | 'checkpointDir' | 'resume'>;

/** Fills in the defaults and checks every option (ValueError naming the option). */
export function resolveForecasterOptions(options: ForecasterOptions): ResolvedForecasterOptions {
  const o = { ...FORECASTER_DEFAULTS, ...stripUndefined(options) } as ResolvedForecasterOptions;
  const int = (name: keyof ForecasterOptions, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValueError(`Forecaster: expected ${name} to be an integer in ${min} … ${max}, got ${previewJson(v, 40)}`);
  };
  const names = (name: keyof ForecasterOptions, v: unknown, min: number) => {
    if (!Array.isArray(v) || v.length < min || v.length > 4096 || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256)) {
      throw new ValueError(`Forecaster: expected ${name} to be ${min ? 'a non-empty' : 'a'} list of column names, got ${previewJson(v, 60)}`);
    }
  };
  names('targets', o.targets, 1);
  names('features', o.features, 0);
  names('futureCovariates', o.futureCovariates, 0);
  // Bounds far past any real use, so a typo or an edited file fails here, not in an allocation.
  int('lookBack', o.lookBack, 1, 100_000);
  int('horizon', o.horizon, 1, 100_000);
  int('hiddenSize', o.hiddenSize, 1, 65_536);
  int('numLayers', o.numLayers, 1, 64);
  int('epochs', o.epochs, 1, 1_000_000);
  int('batchSize', o.batchSize, 1, 1_000_000);
  int('patience', o.patience, 0, 1_000_000);
  int('arMaxLags', o.arMaxLags, 1, 10_000);
  if (o.season !== null) int('season', o.season, 1, 1_000_000);
  if (!Number.isFinite(o.seed)) throw new ValueError(`Forecaster: seed must be a finite number, got ${previewJson(o.seed, 40)}`);
  if (typeof o.predictChange !== 'boolean') throw new ValueError(`Forecaster: predictChange must be true or false, got ${previewJson(o.predictChange, 40)}`);
  if (!['standard', 'minmax', 'robust'].includes(o.scaler)) throw new ValueError(`Forecaster: scaler must be 'standard', 'minmax' or 'robust', got ${previewJson(o.scaler, 40)}`);
  if (!(typeof o.forgetBias === 'number' && Number.isFinite(o.forgetBias))) throw new ValueError(`Forecaster: forgetBias must be a finite number, got ${previewJson(o.forgetBias, 40)}`);
  if (o.clipNorm !== null && !(typeof o.clipNorm === 'number' && o.clipNorm > 0)) throw new ValueError(`Forecaster: clipNorm must be a number > 0 or null, got ${previewJson(o.clipNorm, 40)}`);
  const cal = o.calendar;
  if (cal !== 'auto' && cal !== 'none' && !(Array.isArray(cal) && cal.every((k) => CALENDAR_FEATURES.includes(k)))) {
    throw new ValueError(`Forecaster: calendar must be 'auto', 'none' or a list of ${CALENDAR_FEATURES.join(', ')}, got ${previewJson(cal, 60)}`);
  }
  if (!Array.isArray(o.quantiles) || o.quantiles.length > 99) throw new ValueError(`Forecaster: quantiles must be a list of at most 99 values, got ${previewJson(o.quantiles, 60)}`);
  if (!FORECAST_STRATEGIES.includes(o.strategy)) throw new ValueError(`Forecaster: strategy must be one of ${FORECAST_STRATEGIES.join(', ')}, got ${previewJson(o.strategy, 40)}`);
  if (!CELL_TYPES.includes(o.cell)) throw new ValueError(`Forecaster: cell must be one of ${CELL_TYPES.join(', ')}, got ${previewJson(o.cell, 40)}`);
  if (!(typeof o.lr === 'number' && o.lr > 0 && Number.isFinite(o.lr))) throw new ValueError(`Forecaster: lr must be a finite number > 0, got ${previewJson(o.lr, 40)}`);
  if (!(o.validationFraction > 0 && o.validationFraction < 1)) throw new ValueError(`Forecaster: validationFraction must be in (0, 1), got ${o.validationFraction}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new ValueError(`Forecaster: dropout must be in [0, 1), got ${o.dropout}`);
  const q = o.quantiles;
  for (let i = 0; i < q.length; i++) {
    if (!(q[i] > 0 && q[i] < 1) || (i > 0 && !(q[i] > q[i - 1]))) throw new ValueError(`Forecaster: quantiles must be strictly increasing values in (0, 1), got [${q.join(', ')}]`);
  }
  const overlap = o.futureCovariates.filter((c) => o.targets.includes(c));
  if (overlap.length) throw new ValueError(`Forecaster: ${previewJson(overlap[0], 60)} is both a target and a known-future covariate; a target is never known in advance`);
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
