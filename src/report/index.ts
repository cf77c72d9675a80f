/**
 * Reports: pure functions from a run's data to self-contained HTML pages with static SVG
 * charts (Observable Plot, loaded on first use, so importing this costs nothing). Nothing here
 * writes files.
 */

export { renderForecastReport, type ForecastReportInput, type ReportSeries } from './forecast-report.js';
export { lineChartSvg, spansDecade, type ChartBand, type ChartSeries, type LineChartOptions } from './plots.js';
export { histogramSvg, type HistogramOptions } from './histogram.js';
export { heatmapSvg, type HeatmapOptions } from './heatmap.js';
export { escapeHtml, figureHtml, htmlPage, sectionHtml, type HtmlPageOptions } from './html.js';
export { metricsTableHtml, settingsTableHtml, type MetricsRow, type MetricsTableOptions } from './tables.js';
export type { ChartDocumentOptions } from './plot-runtime.js';
