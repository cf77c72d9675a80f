/**
 * A trained Forecaster on disk, as a folder:
 *
 *   model.safetensors   the network's weights and config (readable by PyTorch as a state dict)
 *   forecaster.json     options, scaler, columns, calendar, frequency and fitted baselines
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file. Loading checks the JSON against the weights before anything is used.
 */

import { FormatError, RecurrentError } from '../../errors.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel, saveModel, type ModuleSpec } from '../../io/model-file.js';
import { linearShapes } from '../../nn/linear.js';
import { checkInt, checkOneOf, prefixed } from '../../nn/options-check.js';
import { recurrentPart } from '../../models/recurrent-factory.js';
import { checkScalerJSON } from '../../timeseries/scalers.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { ForecastNet, type ForecastNetOptions } from './network.js';
import { Forecaster } from './forecaster.js';
import type { ForecasterState } from './state.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` of forecaster.json. */
export const FORECASTER_FORMAT = 'recurrent-forecaster';
export const FORECASTER_VERSION = 1;

/** Writes the forecaster's folder (created if absent). */
export async function saveForecaster(dir: string, f: Forecaster): Promise<void> {
  if (!f.net || !f.state) throw new FormatError(dir, 'the forecaster is not trained; nothing to save');
  await fsp.mkdir(dir, { recursive: true });
  const { callbacks: _c, checkpointDir: _d, resume: _r, ...options } = f.options;
  const h = f.history;
  const json = {
    format: FORECASTER_FORMAT,
    version: FORECASTER_VERSION,
    options,
    state: f.state,
    history: h ? { epochs: h.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, lr: e.lr })), bestEpoch: h.bestEpoch, stopReason: h.stopReason } : null,
  };
  await saveModel(nodePath.join(dir, 'model.safetensors'), f.net);
  await atomicWriteFile(nodePath.join(dir, 'forecaster.json'), JSON.stringify(json, null, 1) + '\n');
}

/**
 * Rebuilds the ForecastNet of model.safetensors. Its `shapes` mirror ForecastNet's constructor,
 * so that a config edited to sizes the weights do not have is refused before the network is
 * allocated: encoder.* (input F), with encoderDecoder decoder.* (input K + 1) and head [C·Q, Hd],
 * else head [H·C·Q, Hd + H·K].
 */
export const forecastNetSpec: ModuleSpec = {
  shapes: (c) => {
    const where = 'ForecastNet';
    const o = c.options;
    const strategy = checkOneOf(where, 'strategy', o.strategy ?? '', ['direct', 'recursive', 'encoderDecoder'], 'direct');
    const [horizon, targets, quantiles] = (['horizon', 'targets', 'quantiles'] as const).map((k) => checkInt(where, k, o[k]));
    const futureSize = checkInt(where, 'futureSize', o.futureSize, { min: 0 });
    const rec = { cell: o.cell ?? '', hiddenSize: o.hiddenSize, numLayers: o.numLayers, dropout: o.dropout };
    const encoder = recurrentPart(where, { ...rec, inputSize: o.inputSize }, 'lstm');
    const H = encoder.hiddenSize;
    const out = targets * quantiles;
    if (strategy !== 'encoderDecoder') return { ...prefixed('encoder.', encoder.shapes), ...prefixed('head.', linearShapes(H + horizon * futureSize, horizon * out)) };
    const decoder = recurrentPart(where, { ...rec, inputSize: futureSize + 1 }, 'lstm');
    return { ...prefixed('encoder.', encoder.shapes), ...prefixed('decoder.', decoder.shapes), ...prefixed('head.', linearShapes(H, out)) };
  },
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new ForecastNet(options as unknown as ForecastNetOptions);
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a folder written by {@link saveForecaster}. */
export async function loadForecaster(dir: string): Promise<Forecaster> {
  const file = nodePath.join(dir, 'forecaster.json');
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new FormatError(dir, code === 'ENOENT' ? 'no forecaster.json here: not a forecaster folder (train one with `recurrent forecast train … --out DIR`)' : `cannot read forecaster.json (${code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(json) || json.format !== FORECASTER_FORMAT) throw new FormatError(file, `expected "format": "${FORECASTER_FORMAT}"`);
  if (json.version !== FORECASTER_VERSION) throw new FormatError(file, `unsupported version ${JSON.stringify(json.version)}; this library reads version ${FORECASTER_VERSION}`);
  if (!isRecord(json.options) || !isRecord(json.state)) throw new FormatError(file, 'expected "options" and "state" objects');
  const state = json.state as unknown as ForecasterState;
  for (const key of ['seriesColumns', 'inputs', 'future', 'calendar'] as const) {
    if (!Array.isArray(state[key]) || !(state[key] as unknown[]).every((s) => typeof s === 'string')) throw new FormatError(file, `state.${key} must be an array of names`);
  }
  if (!isRecord(state.baselines) || !isRecord(state.scaler)) throw new FormatError(file, 'state.baselines and state.scaler must be objects');
  try {
    checkScalerJSON(state.scaler);
  } catch (e) {
    if (e instanceof RecurrentError) throw new FormatError(file, `state.scaler: ${e.message}`);
    throw e;
  }
  let f: Forecaster;
  try {
    f = new Forecaster(json.options as never);
  } catch (e) {
    throw new FormatError(file, `invalid options: ${e instanceof Error ? e.message : String(e)}`);
  }
  const net = await loadModel(nodePath.join(dir, 'model.safetensors'), { ForecastNet: forecastNetSpec });
  if (!(net instanceof ForecastNet)) throw new FormatError(dir, 'model.safetensors does not hold a ForecastNet');
  const o = net.options;
  if (o.inputSize !== state.inputs.length || o.targets !== f.options.targets.length || o.futureSize !== state.future.length || o.quantiles !== Math.max(1, f.options.quantiles.length)) {
    throw new FormatError(dir, `model.safetensors (inputs ${o.inputSize}, targets ${o.targets}, future ${o.futureSize}, outputs ${o.quantiles}) does not match forecaster.json (inputs ${state.inputs.length}, targets ${f.options.targets.length}, future ${state.future.length}, quantiles ${f.options.quantiles.length})`);
  }
  for (const t of f.options.targets) if (!isRecord(state.baselines[t])) throw new FormatError(file, `state.baselines has no entry for target "${t}"`);
  f.net = net;
  f.state = state;
  return f;
}
