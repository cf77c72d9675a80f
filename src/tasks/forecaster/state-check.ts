/**
 * Checks the `state` of a forecaster.json before anything uses it: every field's type and range,
 * with a FormatError that names the file and the field and shows at most a short preview of a
 * bad value. A forecaster folder is data from disk, edited or corrupt as any other file.
 */

import { FormatError, RecurrentError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { LinearAR } from '../../timeseries/linear-ar.js';
import { checkScalerJSON } from '../../timeseries/scalers.js';
import { CALENDAR_FEATURES, type CalendarFeature } from '../../timeseries/calendar.js';
import type { Frequency } from '../../timeseries/timeline.js';
import type { ForecasterState, TargetBaselines } from './state.js';
import { isRecord } from '../../io/is-record.js';

const CALENDAR = CALENDAR_FEATURES;
/** Longest name accepted for a column: far past any real header, short enough for messages. */
const MAX_NAME = 256;
/** Most columns a forecaster reads. */
const MAX_COLUMNS = 4096;

/** The checks for one file; each throws a FormatError naming `file` and the field. */
function checker(file: string) {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new FormatError(file, `state.${field}: expected ${expected}, got ${previewJson(got, 80)}`);
  };
  const names = (field: string, v: unknown): string[] => {
    if (!Array.isArray(v) || v.length > MAX_COLUMNS || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_NAME)) {
      return fail(field, `an array of at most ${MAX_COLUMNS} column names (1–${MAX_NAME} characters)`, v);
    }
    return v as string[];
  };
  const finite = (field: string, v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail(field, 'a finite number', v));
  const int = (field: string, v: unknown, min: number, max: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail(field, `an integer in ${min} … ${max}`, v);
  return { fail, names, finite, int };
}

function checkFrequency(c: ReturnType<typeof checker>, v: unknown): Frequency | null {
  if (v === null) return null;
  if (!isRecord(v) || !['ms', 'month', 'businessDay'].includes(v.unit as string)) return c.fail('frequency', "null or { unit: 'ms' | 'month' | 'businessDay', step }", v);
  const step = v.unit === 'ms' ? c.finite('frequency.step', v.step) : c.int('frequency.step', v.step, 1, 1200);
  if (!(step > 0)) return c.fail('frequency.step', 'a positive step', step);
  return { unit: v.unit, step } as Frequency;
}

function checkBaselines(c: ReturnType<typeof checker>, v: unknown, target: string, file: string): TargetBaselines {
  const field = `baselines[${previewJson(target, 40)}]`;
  if (!isRecord(v)) return c.fail(field, 'an object', v);
  const naiveScale = c.finite(`${field}.naiveScale`, v.naiveScale);
  if (naiveScale < 0) c.fail(`${field}.naiveScale`, 'a number ≥ 0', naiveScale);
  const maWindow = c.int(`${field}.maWindow`, v.maWindow, 1, 1_000_000);
  const arLags = c.int(`${field}.arLags`, v.arLags, 1, 100_000);
  try {
    LinearAR.fromJSON(v.linear as never);
  } catch (e) {
    if (e instanceof RecurrentError) throw new FormatError(file, `state.${field}.linear: ${e.message.slice(0, 300)}`);
    throw e;
  }
  return { naiveScale, maWindow, arLags, linear: v.linear };
}

/**
 * The checked state of forecaster.json `file` for a forecaster of `targets`, or a FormatError
 * naming the field.
 */
export function checkForecasterState(v: unknown, file: string, targets: readonly string[]): ForecasterState {
  const c = checker(file);
  if (!isRecord(v)) return c.fail('', 'an object', v);
  const seriesColumns = c.names('seriesColumns', v.seriesColumns);
  const inputs = c.names('inputs', v.inputs);
  const future = c.names('future', v.future);
  const calendar = v.calendar;
  if (!Array.isArray(calendar) || !calendar.every((k) => CALENDAR.includes(k)) || new Set(calendar).size !== calendar.length) {
    c.fail('calendar', `a list of distinct ${CALENDAR.join(', ')}`, calendar);
  }
  for (const t of targets) if (!seriesColumns.includes(t)) c.fail('seriesColumns', `a list holding the target ${previewJson(t, 40)}`, seriesColumns);
  for (const name of inputs) {
    if (!seriesColumns.includes(name) && !/_(sin|cos)$/.test(name)) c.fail('inputs', 'series columns and calendar columns only', name);
  }
  try {
    checkScalerJSON(v.scaler as never);
  } catch (e) {
    if (e instanceof RecurrentError) throw new FormatError(file, `state.scaler: ${e.message.slice(0, 300)}`);
    throw e;
  }
  const frequency = checkFrequency(c, v.frequency);
  if (typeof v.timeIsDate !== 'boolean') c.fail('timeIsDate', 'true or false', v.timeIsDate);
  const trainRows = c.int('trainRows', v.trainRows, 1, Number.MAX_SAFE_INTEGER);
  const firstTrainTimestamp = c.finite('firstTrainTimestamp', v.firstTrainTimestamp);
  const lastTrainTimestamp = c.finite('lastTrainTimestamp', v.lastTrainTimestamp);
  const season = v.season === null ? null : c.int('season', v.season, 1, 1_000_000);
  if (!isRecord(v.baselines)) c.fail('baselines', 'an object with one entry per target', v.baselines);
  const baselines: Record<string, TargetBaselines> = {};
  for (const t of targets) baselines[t] = checkBaselines(c, (v.baselines as Record<string, unknown>)[t], t, file);
  return {
    seriesColumns, inputs, future, calendar: calendar as CalendarFeature[], scaler: v.scaler as ForecasterState['scaler'], frequency,
    timeIsDate: v.timeIsDate as boolean, trainRows, firstTrainTimestamp, lastTrainTimestamp, season, baselines,
  };
}
