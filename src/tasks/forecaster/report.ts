/**
 * The report of a trained Forecaster: its loss curves, the test span with the model's forecast
 * beside every baseline and the interval, residuals, the metrics table and the forecast past
 * the end — turned into the input of `renderForecastReport`.
 */

import type { ForecastReportInput } from '../../report/forecast-report.js';
import type { TimeSeries } from '../../timeseries/series.js';
import { columnIndex, seriesLength } from '../../timeseries/series.js';
import { BASELINE_NAMES } from './baselines.js';
import type { Evaluation, MetricTable } from './evaluation.js';
import type { Forecast, Forecaster } from './forecaster.js';

/** Display names of the baselines. */
export const BASELINE_LABELS: Record<(typeof BASELINE_NAMES)[number], string> = {
  naive: 'naive (last value)',
  seasonalNaive: 'seasonal naive',
  movingAverage: 'moving average',
  linear: 'linear AR (least squares)',
};

function metricRows(f: Forecaster, table: MetricTable): ForecastReportInput['metrics'] {
  const s = f.state!;
  const label = (b: (typeof BASELINE_NAMES)[number]) =>
    b === 'seasonalNaive' ? `${BASELINE_LABELS[b]} (season ${s.season})` : b === 'movingAverage' ? `${BASELINE_LABELS[b]} (${s.baselines[f.options.targets[0]].maWindow} rows)` : b === 'linear' ? `${BASELINE_LABELS[b]}, ${s.baselines[f.options.targets[0]].arLags} lags` : BASELINE_LABELS[b];
  const row = (name: string, r: MetricTable['model']) => ({
    name,
    n: r.n,
    values: { mae: r.mae, rmse: r.rmse, mape: Number.isFinite(r.mape) ? r.mape : null, smape: Number.isFinite(r.smape) ? r.smape : null, mase: Number.isFinite(r.mase) ? r.mase : null, ...(r.coverage !== undefined ? { coverage: r.coverage } : {}) },
  });
  return [
    row(`${f.options.cell.toUpperCase()} (this model)`, table.model),
    ...BASELINE_NAMES.filter((b) => table.baselines[b]).map((b) => row(label(b), table.baselines[b]!)),
  ];
}

/**
 * The report input of a forecaster evaluated on `series` (lead 1 is plotted; the table covers
 * every lead), with its forecast past the end.
 */
export function forecastReportInput(
  f: Forecaster,
  series: TimeSeries,
  evaluation: Evaluation,
  future: Forecast | null,
  meta: { title: string; subtitle?: string; notes?: string[]; settings?: Record<string, string | number | boolean> },
): ForecastReportInput {
  const target = f.options.targets[0];
  const t = evaluation.targets[target];
  const lead1 = t.leads[0];
  const quantiles = f.options.quantiles;
  const n = seriesLength(series);
  const contextRows = Math.min(n, Math.max(3 * (future?.timestamps.length ?? 0), 60));
  const col = series.values[columnIndex(series, target, 'report')];
  const q = quantiles.length > 1 ? `${Math.round((quantiles[quantiles.length - 1] - quantiles[0]) * 100)}% interval (q ${quantiles[0]}–${quantiles[quantiles.length - 1]})` : undefined;
  return {
    title: meta.title,
    subtitle: meta.subtitle,
    target,
    timeIsDate: f.state!.timeIsDate,
    history: (f.history?.epochs ?? []).map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss })),
    test: {
      timestamps: evaluation.timestamps,
      actual: t.actual,
      model: lead1.model,
      baselines: BASELINE_NAMES.filter((b) => lead1.baselines[b]).map((b) => ({ name: BASELINE_LABELS[b], values: lead1.baselines[b]! })),
      lower: lead1.lower,
      upper: lead1.upper,
      intervalLabel: q,
    },
    metrics: metricRows(f, t.metrics),
    future: future
      ? {
          contextTimestamps: series.timestamps.subarray(n - contextRows),
          context: col.subarray(n - contextRows),
          timestamps: future.timestamps,
          forecast: future.values[target],
          lower: future.lower?.[target],
          upper: future.upper?.[target],
        }
      : undefined,
    settings: meta.settings,
    notes: meta.notes,
  };
}
