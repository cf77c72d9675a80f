/**
 * HTML tables of a report: forecast metrics (the model against its baselines, the best value
 * of each column in bold) and a key–value table of run settings. Every text is escaped.
 */

import { escapeHtml } from './html.js';

/** One row of a metrics table: a forecaster, how many points it was scored on, its metrics. */
export interface MetricsRow {
  readonly name: string;
  /** Points scored. */
  readonly n: number;
  /** Metric name → value; `null` or NaN where the metric is undefined (shown as —). */
  readonly values: Readonly<Record<string, number | null>>;
}

/** How a known metric is labelled and which value is best. */
interface MetricColumn {
  readonly label: string;
  /** 'lower': the smallest is best; 'nominal': the closest to the interval's nominal coverage. */
  readonly best: 'lower' | 'nominal';
}

/** Known metrics in the order they are shown; any other key follows, unranked. */
const KNOWN: Readonly<Record<string, MetricColumn>> = {
  mae: { label: 'MAE', best: 'lower' },
  rmse: { label: 'RMSE', best: 'lower' },
  mape: { label: 'MAPE %', best: 'lower' },
  smape: { label: 'sMAPE %', best: 'lower' },
  mase: { label: 'MASE', best: 'lower' },
  coverage: { label: 'Coverage', best: 'nominal' },
};

/** Options of {@link metricsTableHtml}. */
export interface MetricsTableOptions {
  /**
   * Nominal coverage of the prediction interval as a fraction (0.8 for an 80% interval): the
   * coverage closest to it is bolded. Without it coverage is shown but not ranked.
   */
  readonly nominalCoverage?: number;
  /** Index of the row to highlight as the model. Default 0. */
  readonly highlight?: number;
}

/**
 * A number with four significant digits, exponent notation when very large or small, '—' for
 * null and non-finite values.
 *
 * @example
 * formatNumber(0.123456); // '0.1235'
 * formatNumber(null);     // '—'
 */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** Coverage is a fraction in [0, 1]: shown as a percentage. Larger values are taken as percent already. */
function formatCell(key: string, v: number | null | undefined): string {
  if (key === 'coverage' && v !== null && v !== undefined && Number.isFinite(v) && v >= 0 && v <= 1) return `${(v * 100).toFixed(1)}%`;
  return formatNumber(v);
}

function bestIndices(key: string, rows: readonly MetricsRow[], nominal: number | undefined): Set<number> {
  const rule = KNOWN[key]?.best;
  const scored: [number, number][] = [];
  rows.forEach((r, i) => {
    const v = r.values[key];
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    if (rule === 'lower') scored.push([i, v]);
    else if (rule === 'nominal' && nominal !== undefined) scored.push([i, Math.abs((v > 1 ? v / 100 : v) - nominal)]);
  });
  if (scored.length < 2) return new Set();
  const min = Math.min(...scored.map(([, s]) => s));
  return new Set(scored.filter(([, s]) => s === min).map(([i]) => i));
}

/**
 * The metrics table: one row per forecaster (the model first, highlighted), a column per
 * metric present in any row, `n` last; the best value of each ranked column is bold.
 *
 * @example
 * metricsTableHtml([
 *   { name: 'LSTM', n: 365, values: { mae: 1.9, rmse: 2.4 } },
 *   { name: 'naive', n: 365, values: { mae: 2.3, rmse: 3.0 } },
 * ]); // '<table class="metrics">…<td class="best">1.9</td>…'
 */
export function metricsTableHtml(rows: readonly MetricsRow[], options: MetricsTableOptions = {}): string {
  if (rows.length === 0) return '<p class="empty">No metrics.</p>';
  const present = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const keys = [...Object.keys(KNOWN).filter((k) => present.has(k)), ...[...present].filter((k) => !(k in KNOWN))];
  const best = new Map(keys.map((k) => [k, bestIndices(k, rows, options.nominalCoverage)]));
  const highlight = options.highlight ?? 0;
  const head = `<thead><tr><th>Forecaster</th>${keys.map((k) => `<th>${escapeHtml(KNOWN[k]?.label ?? k)}</th>`).join('')}<th>n</th></tr></thead>`;
  const body = rows
    .map((r, i) => {
      const cells = keys.map((k) => `<td${best.get(k)?.has(i) ? ' class="best"' : ''}>${escapeHtml(formatCell(k, r.values[k]))}</td>`).join('');
      return `<tr${i === highlight ? ' class="model"' : ''}><td>${escapeHtml(r.name)}</td>${cells}<td>${escapeHtml(String(r.n))}</td></tr>`;
    })
    .join('');
  return `<table class="metrics">${head}<tbody>${body}</tbody></table>`;
}

/**
 * A two-column table of settings (look-back, horizon, cell, epochs, seed…), in insertion order.
 *
 * @example
 * settingsTableHtml({ lookBack: 30, cell: 'lstm', standardize: true });
 */
export function settingsTableHtml(settings: Readonly<Record<string, string | number | boolean>>): string {
  const rows = Object.entries(settings)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(typeof v === 'number' && !Number.isInteger(v) ? formatNumber(v) : String(v))}</td></tr>`)
    .join('');
  return `<table class="settings"><tbody>${rows}</tbody></table>`;
}
