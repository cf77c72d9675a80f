/**
 * The options of a Translator made whole: every default from TRANSLATOR_DEFAULTS filled in and
 * every value checked, so a typo or an edited model folder fails here with the option's name.
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { CELL_TYPES } from '../../models/recurrent-factory.js';
import { ATTENTION_SCORES } from '../../nn/attention.js';
import { TRANSLATOR_DEFAULTS, type TranslatorOptions } from './options.js';

/** Options with every default filled in. */
export type ResolvedTranslatorOptions = Required<Omit<TranslatorOptions, 'callbacks'>> & Pick<TranslatorOptions, 'callbacks'>;

/** Fills in the defaults and checks every option (ValueError naming the option). */
export function resolveTranslatorOptions(options: TranslatorOptions = {}): ResolvedTranslatorOptions {
  if (options === null || typeof options !== 'object') throw new ValueError(`Translator: options must be an object, got ${previewJson(options, 40)}`);
  const o = { ...TRANSLATOR_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedTranslatorOptions;
  const known = new Set([...Object.keys(TRANSLATOR_DEFAULTS), 'callbacks']);
  for (const k of Object.keys(options)) if (!known.has(k)) throw new ValueError(`Translator: unknown option ${previewJson(k, 40)}; known: ${[...known].join(', ')}`);
  const int = (name: keyof TranslatorOptions, min: number, max: number) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValueError(`Translator: expected ${name} to be an integer in ${min} … ${max}, got ${previewJson(v, 40)}`);
  };
  const num = (name: keyof TranslatorOptions, ok: (v: number) => boolean, what: string) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new ValueError(`Translator: expected ${name} to be ${what}, got ${previewJson(v, 40)}`);
  };
  if (!CELL_TYPES.includes(o.cell)) throw new ValueError(`Translator: cell must be one of ${CELL_TYPES.join(', ')}, got ${previewJson(o.cell, 40)}`);
  if (!ATTENTION_SCORES.includes(o.attention)) throw new ValueError(`Translator: attention must be one of ${ATTENTION_SCORES.join(', ')}, got ${previewJson(o.attention, 40)}`);
  // Bounds far past any real use, so a typo or an edited file fails here, not in an allocation.
  int('embeddingDim', 1, 65_536);
  int('hiddenSize', 1, 65_536);
  int('numLayers', 1, 64);
  int('minCount', 1, 1_000_000);
  int('samplingRampEpochs', 1, 1_000_000);
  int('beam', 1, 1000);
  int('epochs', 1, 1_000_000);
  int('batchSize', 1, 1_000_000);
  int('patience', 0, 1_000_000);
  num('dropout', (v) => v >= 0 && v < 1, 'in [0, 1)');
  num('samplingProbability', (v) => v >= 0 && v <= 1, 'in [0, 1]');
  num('lengthPenalty', (v) => v >= 0, 'a number ≥ 0');
  num('maxLengthRatio', (v) => v > 0 && v <= 1000, 'in (0, 1000]');
  num('lr', (v) => v > 0, 'a number > 0');
  num('validationFraction', (v) => v > 0 && v < 1, 'in (0, 1)');
  num('seed', () => true, 'a finite number');
  if (o.clipNorm !== null) num('clipNorm', (v) => v > 0, 'a number > 0 or null');
  if (o.minutes !== null) num('minutes', (v) => v > 0, 'a number > 0 or null');
  for (const k of ['bidirectional', 'lowercase', 'context'] as const) if (typeof o[k] !== 'boolean') throw new ValueError(`Translator: ${k} must be true or false, got ${previewJson(o[k], 40)}`);
  if (o.attention === 'dot' && o.bidirectional) throw new ValueError("Translator: attention 'dot' needs keys of the decoder's size, but a bidirectional encoder gives 2·hiddenSize; use 'general' or 'additive', or bidirectional false");
  return o;
}
