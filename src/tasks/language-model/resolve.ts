/**
 * The options of a LanguageModel made whole: every default from LANGUAGE_MODEL_DEFAULTS filled
 * in and every value checked, so a typo or an edited model folder fails here with the option's
 * name rather than in an allocation or deep in training.
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { LANGUAGE_MODEL_DEFAULTS, LR_SCHEDULES, TOKEN_LEVELS, type LanguageModelOptions } from './options.js';

/** Options with every default filled in. */
export type ResolvedLanguageModelOptions = Required<Omit<LanguageModelOptions, 'callbacks' | 'onValidation'>> & Pick<LanguageModelOptions, 'callbacks' | 'onValidation'>;

/** Fills in the defaults and checks every option (ValueError naming the option). */
export function resolveLanguageModelOptions(options: LanguageModelOptions = {}): ResolvedLanguageModelOptions {
  if (options === null || typeof options !== 'object') throw new ValueError(`LanguageModel: options must be an object, got ${previewJson(options, 40)}`);
  const o = { ...LANGUAGE_MODEL_DEFAULTS, ...stripUndefined(options) } as ResolvedLanguageModelOptions;
  const int = (name: keyof LanguageModelOptions, v: unknown, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValueError(`LanguageModel: expected ${name} to be an integer in ${min} … ${max}, got ${previewJson(v, 40)}`);
  };
  const oneOf = (name: keyof LanguageModelOptions, v: unknown, allowed: readonly string[]) => {
    if (typeof v !== 'string' || !allowed.includes(v)) throw new ValueError(`LanguageModel: ${name} must be one of ${allowed.join(', ')}, got ${previewJson(v, 40)}`);
  };
  const positive = (name: keyof LanguageModelOptions, v: unknown) => {
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ValueError(`LanguageModel: ${name} must be a finite number > 0, got ${previewJson(v, 40)}`);
  };
  oneOf('level', o.level, TOKEN_LEVELS);
  oneOf('cell', o.cell, CELL_TYPES);
  oneOf('schedule', o.schedule, LR_SCHEDULES);
  if (typeof o.lowercase !== 'boolean') throw new ValueError(`LanguageModel: lowercase must be true or false, got ${previewJson(o.lowercase, 40)}`);
  // Bounds far past any real use, so a typo or an edited file fails here, not in an allocation.
  int('maxVocab', o.maxVocab, 2, 1_000_000);
  int('bpeVocabSize', o.bpeVocabSize, 1, 1_000_000);
  int('embeddingSize', o.embeddingSize, 1, 65_536);
  int('hiddenSize', o.hiddenSize, 1, 65_536);
  int('numLayers', o.numLayers, 1, 64);
  int('batchSize', o.batchSize, 1, 100_000);
  int('steps', o.steps, 1, 100_000);
  int('epochs', o.epochs, 1, 1_000_000);
  int('validateEvery', o.validateEvery, 1, 100_000_000);
  if (o.minutes !== null) positive('minutes', o.minutes);
  positive('lr', o.lr);
  if (o.clipNorm !== null) positive('clipNorm', o.clipNorm);
  if (!(typeof o.dropout === 'number' && o.dropout >= 0 && o.dropout < 1)) throw new ValueError(`LanguageModel: dropout must be a number in [0, 1), got ${previewJson(o.dropout, 40)}`);
  if (!(typeof o.validationFraction === 'number' && o.validationFraction > 0 && o.validationFraction < 1)) {
    throw new ValueError(`LanguageModel: validationFraction must be a number in (0, 1), got ${previewJson(o.validationFraction, 40)}`);
  }
  if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) throw new ValueError(`LanguageModel: seed must be a finite number, got ${previewJson(o.seed, 40)}`);
  if (o.onValidation !== undefined && typeof o.onValidation !== 'function') throw new ValueError('LanguageModel: onValidation must be a function');
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
