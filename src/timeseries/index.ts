/**
 * Time series for recurrent models: read CSV, handle missing values, scale, split by time,
 * cut windows, batch them as `[B, T, F]` / `[T, B, F]` float32, and measure forecasts against
 * the baselines a person would use.
 */

export { createTimeSeries, columnIndex, selectColumns, seriesColumn, seriesLength, sliceSeries, stepNumbers, type TimeSeries } from './series.js';
export { formatTimestamp, parseIsoTimestamp } from './dates.js';
export { addSteps, auditTimeline, inferFrequency, type DuplicateTimestamp, type Frequency, type TimelineReport, type TimestampGap } from './timeline.js';
export { countMissing, fillMissing, type MissingPolicy, type MissingResult } from './missing.js';
export { readCsvSeries, readCsvSeriesFile, type CsvReport, type CsvSeriesOptions } from './csv.js';
export { AffineScaler, MinMaxScaler, RobustScaler, StandardScaler, scalerFromJSON, type ScalerJSON, type SeriesScaler } from './scalers.js';
export { splitAtRows, splitAtTimes, splitChronological, type ChronologicalSplit, type SplitFractions } from './split.js';
export { makeWindows, SeriesWindows, type WindowOptions } from './windows.js';
export { batchCount, gatherWindows, windowBatches, type BatchOptions, type WindowBatch } from './batches.js';
export { forecastMetrics, mae, mape, mase, rmse, smape, type ForecastMetrics } from './metrics.js';
export { baselineForecast, movingAverageForecast, naiveForecast, seasonalNaiveForecast, type BaselineMethod } from './baselines.js';
