/**
 * A trained Forecaster on disk, as a folder:
 *
 *   model.safetensors   the network's weights and config (readable by PyTorch as a state dict)
 *   forecaster.json     options, scaler, columns, calendar, frequency and fitted baselines
 *
 * Each file is written to a temporary name and renamed, so an interrupted save never leaves a
 * torn file. Loading checks the JSON against the weights before anything is used.
 */

import { FormatError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { checkForecasterState } from './state-check.js';
import { atomicWriteFile } from '../../io/atomic-write.js';
import { loadModel, saveModel } from '../../io/model-file.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { ForecastNet, forecastNetSpec } from './network.js';
import { Forecaster } from './forecaster.js';
import { fromStoredOptions, readBundleHeader } from '../../io/bundle-header.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** `format` of forecaster.json. */
export const FORECASTER_FORMAT = 'recurrent-forecaster';
/** `version` of forecaster.json: the folder layout this library writes and reads. */
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

/** Reads a folder written by {@link saveForecaster}. */
export async function loadForecaster(dir: string): Promise<Forecaster> {
  const file = nodePath.join(dir, 'forecaster.json');
  const json = await readBundleHeader(dir, { file: 'forecaster.json', format: FORECASTER_FORMAT, version: FORECASTER_VERSION, kind: 'a forecaster folder', makeWith: 'recurrent forecast train … --out DIR' });
  const f = fromStoredOptions(file, () => new Forecaster(json.options as never));
  const state = checkForecasterState(json.state, file, f.options.targets);
  const net = await loadModel(nodePath.join(dir, 'model.safetensors'), { ForecastNet: forecastNetSpec });
  if (!(net instanceof ForecastNet)) throw new FormatError(dir, 'model.safetensors does not hold a ForecastNet');
  const o = net.options;
  const expected = { inputSize: state.inputs.length, targets: f.options.targets.length, futureSize: state.future.length, quantiles: Math.max(1, f.options.quantiles.length), horizon: f.netHorizon, strategy: f.options.strategy, cell: f.options.cell, hiddenSize: f.options.hiddenSize, numLayers: f.options.numLayers };
  for (const [k, v] of Object.entries(expected)) {
    if (o[k as keyof typeof o] !== v) throw new FormatError(dir, `model.safetensors has ${k} ${previewJson(o[k as keyof typeof o], 40)} but forecaster.json implies ${previewJson(v, 40)}: the two files are not from one save`);
  }
  f.net = net;
  f.state = state;
  return f;
}
