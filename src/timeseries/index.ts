/**
 * Time series for recurrent models: read CSV, handle missing values, scale, split by time,
 * cut windows, batch them as `[B, T, F]` / `[T, B, F]` float32, add calendar features, find
 * the season, and measure forecasts (points, quantiles, intervals) against the baselines a
 * person would use: naive, seasonal naive, moving average and a linear autoregression.
 *
 * @module recurrent/timeseries
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
export { coverage, forecastMetrics, mae, mape, mase, meanIntervalWidth, pinball, rmse, smape, type ForecastMetrics } from './metrics.js';
export { baselineForecast, movingAverageForecast, naiveForecast, seasonalNaiveForecast, type BaselineMethod } from './baselines.js';
export { originForecast } from './origin-baselines.js';
export { arLagAic, chooseArLags, LinearAR, type ArLagOptions, type LinearARJSON, type LinearAROptions } from './linear-ar.js';
export { detectSeason, seasonCandidates, type SeasonOptions } from './season.js';
export { addBusinessDays, businessDayIndex, isoDayOfWeek, isWeekday } from './business-days.js';
export { CALENDAR_FEATURES, calendarFeatures, defaultCalendarFeatures, futureTimestamps, withCalendarFeatures, type CalendarFeature } from './calendar.js';
