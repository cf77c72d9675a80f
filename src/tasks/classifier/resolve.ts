/**
 * The options of a TextClassifier made whole: every default from CLASSIFIER_DEFAULTS filled in
 * and every value checked, so a typo or an edited model folder fails here with the option's
 * name rather than in an allocation or deep in training.
 */

import { ValueError } from '../../errors.js';
import { previewJson } from '../../io/json-preview.js';
import { CLASSIFIER_CELLS, CLASSIFIER_DEFAULTS, CLASSIFIER_MONITORS, POOLINGS, TOKEN_LEVELS, type TextClassifierOptions } from './options.js';

/** Options with every default filled in (callbacks and signal stay optional). */
export type ResolvedClassifierOptions = Required<Omit<TextClassifierOptions, 'callbacks' | 'signal'>> & Pick<TextClassifierOptions, 'callbacks' | 'signal'>;

/** Fills in the defaults and checks every option (ValueError naming the option). */
export function resolveClassifierOptions(options: TextClassifierOptions = {}): ResolvedClassifierOptions {
  if (typeof options !== 'object' || options === null) throw new ValueError(`TextClassifier: options must be an object, got ${previewJson(options, 40)}`);
  const o = { ...CLASSIFIER_DEFAULTS, ...stripUndefined(options) } as ResolvedClassifierOptions;
  const fail = (name: keyof TextClassifierOptions, expected: string, v: unknown) => {
    throw new ValueError(`TextClassifier: expected ${name} to be ${expected}, got ${previewJson(v, 40)}`);
  };
  const int = (name: keyof TextClassifierOptions, min: number, max: number) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(name, `an integer in ${min} … ${max}`, v);
  };
  const bool = (name: keyof TextClassifierOptions) => {
    if (typeof o[name] !== 'boolean') fail(name, 'true or false', o[name]);
  };
  const oneOf = (name: keyof TextClassifierOptions, allowed: readonly string[]) => {
    if (!allowed.includes(o[name] as string)) fail(name, `one of ${allowed.join(', ')}`, o[name]);
  };
  const fraction = (name: keyof TextClassifierOptions, lowOpen: boolean) => {
    const v = o[name];
    if (typeof v !== 'number' || !(lowOpen ? v > 0 : v >= 0) || !(v < 1)) fail(name, `a number in ${lowOpen ? '(0' : '[0'}, 1)`, v);
  };
  const positive = (name: keyof TextClassifierOptions, allowZero: boolean) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || !(allowZero ? v >= 0 : v > 0)) fail(name, `a finite number ${allowZero ? '≥' : '>'} 0`, v);
  };
  oneOf('level', TOKEN_LEVELS);
  oneOf('cell', CLASSIFIER_CELLS);
  oneOf('pooling', POOLINGS);
  oneOf('monitor', CLASSIFIER_MONITORS);
  bool('lowercase');
  bool('dropControl');
  bool('freezeEmbeddings');
  bool('bidirectional');
  // Bounds far past any real use, so a typo or an edited file fails here, not in an allocation.
  int('bpeVocabSize', 1, 1_000_000);
  int('minCount', 1, 1_000_000_000);
  if (o.maxVocabSize !== null) int('maxVocabSize', 3, 10_000_000);
  int('maxLength', 1, 100_000);
  int('embeddingDim', 1, 4096);
  int('hiddenSize', 1, 8192);
  int('numLayers', 1, 16);
  int('ensemble', 1, 100);
  int('epochs', 1, 1_000_000);
  int('batchSize', 1, 1_000_000);
  int('patience', 0, 1_000_000);
  fraction('embeddingDropout', false);
  fraction('dropout', false);
  fraction('validationFraction', true);
  positive('lr', false);
  positive('weightDecay', true);
  if (o.baselineC !== 'cv') positive('baselineC', false);
  if (o.clipNorm !== null) positive('clipNorm', false);
  if (o.minutes !== null) positive('minutes', false);
  if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) fail('seed', 'a finite number', o.seed);
  if (o.pretrained !== null) {
    if (typeof o.pretrained !== 'string' || o.pretrained.length === 0) fail('pretrained', 'the path of a word-vector file, or null', o.pretrained);
    if (o.level !== 'word') throw new ValueError(`TextClassifier: pretrained word vectors need level 'word', got level ${previewJson(o.level, 20)}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
