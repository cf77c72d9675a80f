/**
 * Checking the options of an audio task: a small checker whose failures are ValueErrors naming
 * the task and the option, and the checks every RecurrentAudioOptions field needs, so each
 * task's resolve only adds its own fields.
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { CLASSIFIER_CELLS } from '../classifier/options.js';
import type { RecurrentAudioOptions } from './options.js';

/** Checks of one options object, each failure a ValueError naming `where` and the option. */
export function optionChecks<O extends object>(where: string, o: O) {
  const get = (name: keyof O) => (o as Record<string, unknown>)[name as string];
  const fail = (name: keyof O, expected: string, v: unknown): never => {
    throw new ValueError(`${where}: expected ${String(name)} to be ${expected}, got ${previewJson(v, 40)}`);
  };
  return {
    int(name: keyof O, min: number, max: number) {
      const v = get(name);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(name, `an integer in ${min} … ${max}`, v);
    },
    bool(name: keyof O) {
      if (typeof get(name) !== 'boolean') fail(name, 'true or false', get(name));
    },
    oneOf(name: keyof O, allowed: readonly string[]) {
      if (!allowed.includes(get(name) as string)) fail(name, `one of ${allowed.join(', ')}`, get(name));
    },
    /** In [0, 1). */
    fraction(name: keyof O, lowOpen = false) {
      const v = get(name);
      if (typeof v !== 'number' || !(lowOpen ? v > 0 : v >= 0) || !(v < 1)) fail(name, `a number in ${lowOpen ? '(0' : '[0'}, 1)`, v);
    },
    positive(name: keyof O, allowZero = false, nullable = false) {
      const v = get(name);
      if (nullable && v === null) return;
      if (typeof v !== 'number' || !Number.isFinite(v) || !(allowZero ? v >= 0 : v > 0)) fail(name, `a finite number ${allowZero ? '≥' : '>'} 0${nullable ? ', or null' : ''}`, v);
    },
    object(name: keyof O) {
      const v = get(name);
      if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) fail(name, 'an object', v);
    },
  };
}

/** Own enumerable properties whose value is not undefined. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * `defaults` with `options` laid over them (undefined fields keep the default), every shared
 * field checked; the task checks its own fields on the result.
 */
export function resolveRecurrentAudio<O extends RecurrentAudioOptions, R>(where: string, defaults: object, options: O): R {
  if (typeof options !== 'object' || options === null) throw new ValueError(`${where}: options must be an object, got ${previewJson(options, 40)}`);
  const o = { ...defaults, ...stripUndefined(options) } as Required<RecurrentAudioOptions>;
  const c = optionChecks(where, o);
  c.object('features');
  c.oneOf('cell', CLASSIFIER_CELLS);
  c.bool('bidirectional');
  c.int('hiddenSize', 1, 8192);
  c.int('numLayers', 1, 16);
  c.int('epochs', 1, 1_000_000);
  c.int('batchSize', 1, 1_000_000);
  c.int('patience', 0, 1_000_000);
  c.fraction('inputDropout');
  c.fraction('dropout');
  c.fraction('validationFraction', true);
  c.positive('lr');
  c.positive('weightDecay', true);
  c.positive('clipNorm', false, true);
  c.positive('minutes', false, true);
  c.int('freqMasks', 0, 64);
  c.int('freqMaskWidth', 0, 1024);
  c.int('timeMasks', 0, 64);
  c.int('timeMaskWidth', 0, 100_000);
  c.fraction('speedPerturbation');
  if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) throw new ValueError(`${where}: expected seed to be a finite number, got ${previewJson(o.seed, 40)}`);
  return o as R;
}
