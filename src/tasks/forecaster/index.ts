export { Forecaster, type Forecast, type ResolvedForecasterOptions } from './forecaster.js';
export { FORECASTER_DEFAULTS, type ForecasterOptions, type ScalerKind } from './options.js';
export { ForecastNet, FORECAST_STRATEGIES, forecastNetSpec, type ForecastNetOptions, type ForecastStrategy } from './network.js';
export { BASELINE_NAMES, type BaselineName } from './baselines.js';
export type { Evaluation, TargetEvaluation, LeadForecasts, MetricTable } from './evaluation.js';
export { score, scoreJSON, type ScoreRow } from './scoring.js';
export { saveForecaster, loadForecaster, FORECASTER_FORMAT, FORECASTER_VERSION } from './bundle.js';
export type { ForecasterState, TargetBaselines } from './state.js';
