// Airline passengers, 1949–1960: read the CSV, hold out the last two years, train an LSTM
// forecaster on the years before (scaler, validation and baselines from those years only), score
// every test month beside the naive, seasonal-naive, moving-average and linear AR forecasts on
// the same months, and forecast the year after the data.
//
//   node --import tsx examples/timeseries-airline.ts [path/to/airline-passengers.csv]
import path from 'node:path';
import { Forecaster, readCsvSeriesFile, sliceSeries } from 'recurrent';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/airline-passengers/airline-passengers.csv');

// Data: 144 monthly totals, in thousands.
const { series } = await readCsvSeriesFile(file, { timeColumn: 'Month', columns: ['Passengers'] });
const testStart = series.timestamps.length - 24;

// Model: 24 months in, the next month out; month-of-year features are added because the series shows a yearly cycle.
const forecaster = new Forecaster({ targets: ['Passengers'], lookBack: 24, hiddenSize: 32, seed: 1 });
const history = await forecaster.fit(sliceSeries(series, 0, testStart));
console.log(`trained ${history.epochs.length} epochs (best ${history.bestEpoch}); calendar: ${forecaster.state!.calendar.join(', ') || 'none'}`);

// Every test month, each forecast from the months before it only.
const { metrics } = forecaster.evaluate(series, { start: testStart });
console.log(`LSTM                MAE ${metrics.model.mae.toFixed(1)}  RMSE ${metrics.model.rmse.toFixed(1)}  80% interval coverage ${(metrics.model.coverage! * 100).toFixed(0)}%`);
for (const [name, m] of Object.entries(metrics.baselines)) console.log(`${name.padEnd(20)}MAE ${m.mae.toFixed(1)}  RMSE ${m.rmse.toFixed(1)}`);

// The next 12 months, fed back step by step, in thousands of passengers.
const next = forecaster.predict(series, { horizon: 12 });
console.log(`1961 forecast: ${Array.from(next.values.Passengers, (v) => v.toFixed(0)).join(' ')}`);
