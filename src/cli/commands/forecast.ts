/**
 * `recurrent forecast train|predict|evaluate|backtest`. The training flags map one to one onto
 * ForecasterOptions, with the defaults of FORECASTER_DEFAULTS.
 */
import { Command, Option } from 'commander';
import { ValueError } from '../../errors.js';
import { Forecaster } from '../../tasks/forecaster/forecaster.js';
import { FORECASTER_DEFAULTS as D, type ForecasterOptions } from '../../tasks/forecaster/options.js';
import { CALENDAR_FEATURES, type CalendarFeature } from '../../timeseries/calendar.js';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { FORECAST_STRATEGIES } from '../../tasks/forecaster/network.js';
import { formatTimestamp } from '../../timeseries/dates.js';
import { int, names, num, numbers, numOrNone, orNull } from '../flags.js';
import { stdio } from '../fit-callbacks.js';
import { loadContext, loadReadDefaults } from '../forecast/context.js';
import { MISSING_DEFAULT, readSeries, type ReadOptions } from '../forecast/read.js';
import { resultOf, runForecastTrain, TEST_FRACTION } from '../forecast/train.js';

const CALENDAR: readonly string[] = CALENDAR_FEATURES;

function calendarFlag(v: string): 'auto' | 'none' | CalendarFeature[] {
  if (v === 'auto' || v === 'none') return v;
  const list = names(v);
  const bad = list.find((k) => !CALENDAR.includes(k));
  if (bad) throw new ValueError(`--calendar: unknown feature '${bad}'; expected auto, none or a list of ${CALENDAR.join(', ')}`);
  return list as CalendarFeature[];
}

/** Flags shared by every command that reads a CSV. */
function readFlags(cmd: Command): Command {
  return cmd
    .option('--time <col>', 'time column (ISO dates or times); without it rows are steps 0, 1, 2, …')
    .option('--delimiter <char>', 'field delimiter (default: as the model was trained, else \',\')')
    .addOption(new Option('--missing <policy>', 'missing values').choices(['interpolate', 'ffill', 'drop', 'error']).default(MISSING_DEFAULT))
    .addOption(new Option('--duplicates <policy>', 'rows sharing a timestamp').choices(['error', 'first', 'last', 'mean']).default('error'))
    .option('--fill-gaps', 'insert the timestamps missing from a regular axis (then filled by --missing)', false);
}

/** Maps the parsed train flags onto ForecasterOptions (one to one). */
function optionsOf(o: Record<string, any>): ForecasterOptions {
  return {
    targets: o.target, features: o.features, futureCovariates: o.futureCovariates, calendar: o.calendar,
    lookBack: o.lookback, horizon: o.horizon, strategy: o.strategy, cell: o.cell, hiddenSize: o.hiddenSize, numLayers: o.numLayers,
    dropout: o.dropout, quantiles: o.quantiles, predictChange: o.predictChange, scaler: o.scaler, forgetBias: o.forgetBias,
    epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, patience: o.patience, validationFraction: o.validationFraction,
    clipNorm: orNull(o.clipNorm), season: o.season ?? null, arMaxLags: o.arMaxLags, seed: o.seed, checkpointDir: o.checkpointDir ?? null, resume: o.resume ?? null,
  };
}

/** --time and --delimiter, defaulting to how the model's training file was read. */
async function readOptions(o: Record<string, any>): Promise<ReadOptions> {
  const d = await loadReadDefaults(o.model);
  return { time: o.time ?? d.time, delimiter: o.delimiter ?? d.delimiter, missing: o.missing, duplicates: o.duplicates, fillGaps: o.fillGaps };
}

/** The forecaster of --model and the columns it reads from `file`. */
async function modelAndData(o: Record<string, any>, file: string) {
  const f = await Forecaster.load(o.model);
  const { series } = await readSeries(file, f.state!.seriesColumns, await readOptions(o));
  return { f, series };
}

function printForecast(f: Forecaster, fc: ReturnType<Forecaster['predict']>, json: boolean): void {
  const date = f.state!.timeIsDate;
  const t = (v: number) => (date ? formatTimestamp(v) : String(v));
  const targets = f.options.targets;
  if (json) {
    for (let k = 0; k < fc.timestamps.length; k++) {
      const row: Record<string, unknown> = { event: 'forecast', step: k + 1, time: t(fc.timestamps[k]) };
      for (const c of targets) {
        row[c] = fc.values[c][k];
        if (fc.lower) Object.assign(row, { [`${c}_lower`]: fc.lower[c][k], [`${c}_upper`]: fc.upper![c][k] });
      }
      stdio.out(JSON.stringify(row) + '\n');
    }
    stdio.out(JSON.stringify({ event: 'result', horizon: fc.timestamps.length, targets, timestamps: Array.from(fc.timestamps, t), values: Object.fromEntries(targets.map((c) => [c, Array.from(fc.values[c])])), ...(fc.lower ? { lower: Object.fromEntries(targets.map((c) => [c, Array.from(fc.lower![c])])), upper: Object.fromEntries(targets.map((c) => [c, Array.from(fc.upper![c])])) } : {}) }) + '\n');
    return;
  }
  const head = ['time', ...targets.flatMap((c) => (fc.lower ? [c, `${c}_lower`, `${c}_upper`] : [c]))];
  stdio.out(head.join(',') + '\n');
  for (let k = 0; k < fc.timestamps.length; k++) {
    const cells = [t(fc.timestamps[k]), ...targets.flatMap((c) => (fc.lower ? [fc.values[c][k], fc.lower[c][k], fc.upper![c][k]] : [fc.values[c][k]]).map((v) => v.toPrecision(6)))];
    stdio.out(cells.join(',') + '\n');
  }
}

export function forecastCommand(): Command {
  const cmd = new Command('forecast').description('forecast a time series from a CSV file: train, predict, evaluate, backtest');

  readFlags(cmd.command('train').description('train a forecaster on the first rows, score the last --test-fraction beside the baselines, write the model, metrics.json and report.html'))
    .argument('<file>', 'CSV file with a header row')
    .requiredOption('--target <cols>', 'column(s) to forecast, comma-separated', names)
    .option('--features <cols>', 'past covariates read over the look-back window', names, [...D.features])
    .option('--future-covariates <cols>', 'columns known in advance, read at the forecast steps', names, [...D.futureCovariates])
    .option('--calendar <kinds>', `calendar features from the timestamps: auto, none, or a list of ${CALENDAR.join(', ')}`, calendarFlag, D.calendar as 'none')
    .option('--lookback <n>', 'steps of history the network reads', int, D.lookBack)
    .option('--horizon <n>', 'steps forecast from each origin', int, D.horizon)
    .addOption(new Option('--strategy <s>', 'multi-step strategy').choices(FORECAST_STRATEGIES).default(D.strategy))
    .addOption(new Option('--cell <cell>', 'recurrent cell').choices(CELL_TYPES).default(D.cell))
    .option('--hidden-size <n>', 'hidden units', int, D.hiddenSize)
    .option('--num-layers <n>', 'stacked recurrent layers', int, D.numLayers)
    .option('--dropout <p>', 'dropout between recurrent layers', num, D.dropout)
    .option('--quantiles <list>', "quantiles trained with the pinball loss ('none': MSE)", numbers, [...D.quantiles])
    .option('--no-predict-change', `forecast levels instead of the change from the last value (default: changes${D.predictChange ? '' : ' off'})`)
    .addOption(new Option('--scaler <kind>', 'scaler fitted on the training part').choices(['standard', 'minmax', 'robust']).default(D.scaler))
    .option('--forget-bias <b>', 'initial LSTM forget-gate bias', num, D.forgetBias)
    .option('--epochs <n>', 'most passes over the training windows', int, D.epochs)
    .option('--batch-size <n>', 'windows per step', int, D.batchSize)
    .option('--lr <rate>', 'Adam learning rate', num, D.lr)
    .option('--patience <n>', 'epochs without a better validation loss before stopping', int, D.patience)
    .option('--validation-fraction <f>', 'latest share of the training windows used for early stopping', num, D.validationFraction)
    .option('--clip-norm <n>', "global gradient-norm clip ('none': off)", numOrNone, D.clipNorm ?? 'none')
    .option('--season <n>', 'season of the seasonal-naive baseline in rows (default: detected)', int)
    .option('--ar-max-lags <n>', 'most lags of the linear AR baseline', int, D.arMaxLags)
    .option('--seed <n>', 'random seed', int, D.seed)
    .option('--test-fraction <f>', 'share of the last rows held out as the test span', num, TEST_FRACTION)
    .option('--checkpoint-dir <dir>', 'write training checkpoints here (last.ckpt each epoch, best.ckpt)')
    .option('--resume <path>', 'continue an interrupted training from a checkpoint file or folder')
    .option('--out <dir>', 'output folder', 'forecast-model')
    .option('--json', 'JSON lines on standard output, the last one the result', false)
    .action(async (file: string, o) => {
      await runForecastTrain({ file, time: o.time, delimiter: o.delimiter, missing: o.missing, duplicates: o.duplicates, fillGaps: o.fillGaps, testFraction: o.testFraction, out: o.out, json: o.json }, optionsOf(o), stdio);
    });

  readFlags(cmd.command('predict').description('forecast past the end of the data (the stored context, or FILE)'))
    .argument('[file]', 'CSV file holding at least the last look-back rows (default: the data the model was trained on)')
    .requiredOption('--model <dir>', 'folder written by forecast train')
    .option('--horizon <n>', 'steps to forecast (default: the trained horizon)', int)
    .option('--json', 'JSON lines on standard output', false)
    .action(async (file: string | undefined, o) => {
      const f = await Forecaster.load(o.model);
      const series = file ? (await readSeries(file, f.state!.seriesColumns, await readOptions(o))).series : await loadContext(o.model);
      printForecast(f, f.predict(series, { horizon: o.horizon }), o.json);
    });

  readFlags(cmd.command('evaluate').description('score a trained forecaster on a file, every row after its training data (or from --start), beside the baselines'))
    .argument('<file>', 'CSV file')
    .requiredOption('--model <dir>', 'folder written by forecast train')
    .option('--start <row>', 'first row scored (default: the first row after the training data)', int)
    .option('--json', 'the result as one JSON line', false)
    .action(async (file: string, o) => {
      const t0 = performance.now();
      const { f, series } = await modelAndData(o, file);
      const r = resultOf(f, f.evaluate(series, { start: o.start }), o.model, (performance.now() - t0) / 1000);
      stdio.out(o.json ? JSON.stringify(r) + '\n' : `test ${JSON.stringify(r.test)}\n${Object.entries(r.baselines).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join('\n')}\n`);
    });

  readFlags(cmd.command('backtest').description('forecast from rolling origins at the end of a file and score each'))
    .argument('<file>', 'CSV file')
    .requiredOption('--model <dir>', 'folder written by forecast train')
    .option('--folds <n>', 'rolling origins', int, 5)
    .option('--stride <n>', 'rows between origins (default: the horizon)', int)
    .option('--horizon <n>', 'steps scored from each origin (default: the trained horizon)', int)
    .option('--retrain', 'train a new model on the rows before each origin', false)
    .option('--json', 'JSON lines, one per fold, the last the result', false)
    .action(async (file: string, o) => {
      const t0 = performance.now();
      const { f, series } = await modelAndData(o, file);
      const folds = await f.backtest(series, { folds: o.folds, stride: o.stride, horizon: o.horizon, retrain: o.retrain });
      const rows = folds.map((ev, i) => {
        const { event: _e, seconds: _s, ...r } = resultOf(f, ev, o.model, 0);
        return { event: 'fold', fold: i + 1, ...r };
      });
      const mean = (get: (r: (typeof rows)[number]) => number | null) => {
        const v = rows.map(get).filter((x): x is number => x !== null);
        return v.length ? Number((v.reduce((a, b) => a + b, 0) / v.length).toPrecision(6)) : null;
      };
      const names = Object.keys(rows[0]?.baselines ?? {});
      const result = { event: 'result', folds: rows.length, test: { mae: mean((r) => r.test.mae), rmse: mean((r) => r.test.rmse) }, baselines: Object.fromEntries(names.map((b) => [b, { mae: mean((r) => r.baselines[b]?.mae ?? null), rmse: mean((r) => r.baselines[b]?.rmse ?? null) }])), out: o.model, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
      if (o.json) for (const r of [...rows, result]) stdio.out(JSON.stringify(r) + '\n');
      else stdio.out(rows.map((r) => `fold ${r.fold}: MAE ${r.test.mae}  (${names.map((b) => `${b} ${r.baselines[b]?.mae}`).join(', ')})`).join('\n') + `\nmean MAE ${result.test.mae}; ${names.map((b) => `${b} ${result.baselines[b].mae}`).join(', ')}\n`);
    });

  return cmd;
}
