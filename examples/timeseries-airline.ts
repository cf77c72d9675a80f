// Airline passengers, 1949–1960: read the CSV, split by time, scale on the training years,
// cut 12-month windows, and print the error of the forecasts a person would make without a
// model. A recurrent model trained on `windowBatches(train, …)` has to beat these numbers.
//
//   node --import tsx examples/timeseries-airline.ts [path/to/airline-passengers.csv]
import path from 'node:path';
import {
  MinMaxScaler, baselineForecast, forecastMetrics, gatherWindows, makeWindows, readCsvSeriesFile,
  seriesColumn, splitChronological, windowBatches, type BaselineMethod,
} from '../src/timeseries/index.js';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/airline-passengers/airline-passengers.csv');

// Data: 144 monthly totals, in thousands.
const { series, report } = await readCsvSeriesFile(file, { timeColumn: 'Month', columns: ['Passengers'] });
console.log(`${report.rows} rows, step ${JSON.stringify(report.frequency)}, ${report.gaps.length} gaps`);

// Split 70 / 15 / 15 by time; the scaler sees the training years only.
const split = splitChronological(series, { train: 0.7, validation: 0.15 });
const scaler = new MinMaxScaler().fit(split.train);
const [train, test] = [scaler.transform(split.train), scaler.transform(split.test)];

// Windows: 12 months in, the next month out. Batches are [B, T, F] = [32, 12, 1].
const options = { lookBack: 12, horizon: 1, targets: ['Passengers'] };
const trainWindows = makeWindows(train, options);
const first = windowBatches(trainWindows, { batchSize: 32, shuffle: true, seed: 0 }).next().value!;
console.log(`train: ${trainWindows.count} windows, first batch x ${JSON.stringify(first.xShape)}, y ${JSON.stringify(first.yShape)}`);

// Baselines on the test years, in passengers (thousands).
const testWindows = makeWindows(test, options);
const ids = Int32Array.from({ length: testWindows.count }, (_, i) => i);
const actual = scaler.inverseTransformValues(gatherWindows(testWindows, ids).y, ['Passengers']);
const baselines: [string, BaselineMethod][] = [
  ['naive (last month)', { kind: 'naive' }],
  ['seasonal naive (a year ago)', { kind: 'seasonalNaive', season: 12 }],
  ['moving average (3 months)', { kind: 'movingAverage', window: 3 }],
];
const insample = seriesColumn(split.train, 'Passengers');
for (const [name, method] of baselines) {
  const forecast = scaler.inverseTransformValues(baselineForecast(testWindows, method), ['Passengers']);
  const m = forecastMetrics(actual, forecast, { insample, season: 12 });
  console.log(`${name.padEnd(28)} MAE ${m.mae.toFixed(1)}  RMSE ${m.rmse.toFixed(1)}  MAPE ${m.mape.toFixed(1)}%  sMAPE ${m.smape.toFixed(1)}%  MASE ${m.mase!.toFixed(2)}`);
}
