/**
 * Labelled audio files for the AudioClassifier, listed from one of three layouts:
 *
 *   DIR/<label>/*.wav          one sub-folder per label (speakers unknown)
 *   FILE.csv                   "path,label" lines (a header line "path,label" is skipped;
 *                              relative paths are read from the CSV's folder)
 *   DIR/*.wav + a pattern      a flat folder whose file names carry the label and the speaker,
 *                              as the Free Spoken Digit Dataset's `{digit}_{speaker}_{index}.wav`
 *
 * and the held-out split: by speaker when speakers are known (no voice of the test part is heard
 * in training), else stratified by label with a seed. Every problem is a one-line error that
 * names the path.
 */

import { RecurrentError, ValueError } from '../../errors.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { Generator } from '../../random/generator.js';
import { stratifiedSplit } from '../classifier/folds.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** One labelled recording. */
export interface AudioItem {
  readonly path: string;
  readonly label: string;
  /** The speaker named by the file name, or null when the layout names none. */
  readonly speaker: string | null;
}

/**
 * FSDD's file names, `{digit}_{speaker}_{index}.wav` (e.g. `7_jackson_32.wav`): the named groups
 * `label` and `speaker` are what a pattern must capture.
 */
export const FSDD_PATTERN = '^(?<label>\\d)_(?<speaker>[A-Za-z]+)_(?<index>\\d+)\\.wav$';

/** Speakers held out of FSDD's training part: two of the six of the subset (a third of the voices). */
export const HELD_OUT_SPEAKERS = 2;

const isWav = (name: string) => /\.wav$/i.test(name);

async function entries(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  try {
    const list = await fsp.readdir(dir, { withFileTypes: true });
    return list.map((e) => ({ name: e.name, isDir: e.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new RecurrentError('IO', code === 'ENOENT' ? `${dir}: no such folder` : code === 'ENOTDIR' ? `${dir}: is a file, expected a folder of WAV files or a .csv` : `${dir}: cannot list it (${code ?? String(e)})`);
  }
}

/** The regular expression of `--speaker-pattern`, checked for its named groups. */
export function speakerRegex(pattern: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    throw new ValueError(`--speaker-pattern ${JSON.stringify(pattern)} is not a regular expression: ${(e as Error).message}`);
  }
  if (!pattern.includes('(?<label>')) throw new ValueError(`--speaker-pattern ${JSON.stringify(pattern)} has no named group (?<label>…); it must capture the label (and (?<speaker>…) for a split by speaker)`);
  return re;
}

/** Reads "path,label" lines; paths relative to the CSV's folder. */
async function fromCsv(file: string): Promise<AudioItem[]> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new RecurrentError('IO', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? String(e)})`);
  }
  const base = nodePath.dirname(file);
  const items: AudioItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (i === 0 && /^path\s*,\s*label$/i.test(line))) return;
    const comma = line.lastIndexOf(',');
    const path = comma > 0 ? line.slice(0, comma).trim().replace(/^"(.*)"$/, '$1') : '';
    const label = comma > 0 ? line.slice(comma + 1).trim().replace(/^"(.*)"$/, '$1') : '';
    if (!path || !label) throw new ValueError(`${file}: line ${i + 1} is not "path,label": ${JSON.stringify(raw.slice(0, 60))}`);
    items.push({ path: nodePath.resolve(base, path), label, speaker: null });
  });
  return items;
}

/**
 * Lists the labelled WAV files of `source` (a folder or a CSV; see the file comment). A flat
 * folder of WAV files is read with `speakerPattern` (default {@link FSDD_PATTERN}); a file that
 * does not match it is an error naming the file, so nothing is dropped silently.
 *
 * @example
 * const items = await listAudioDataset('data/fsdd/recordings'); // [{ path, label: '0', speaker: 'george' }, …]
 * const { train, test } = splitAudioDataset(items, { seed: 0 }); // two speakers held out
 */
export async function listAudioDataset(source: string, options: { speakerPattern?: string } = {}): Promise<AudioItem[]> {
  let items: AudioItem[];
  if (/\.csv$/i.test(source)) {
    items = await fromCsv(source);
  } else {
    const list = await entries(source);
    const dirs = list.filter((e) => e.isDir);
    const wavs = list.filter((e) => !e.isDir && isWav(e.name));
    if (wavs.length > 0 || options.speakerPattern !== undefined) {
      const re = speakerRegex(options.speakerPattern ?? FSDD_PATTERN);
      items = wavs.map((e) => {
        const m = re.exec(e.name);
        const label = m?.groups?.label;
        if (!m || !label) throw new ValueError(`${nodePath.join(source, e.name)}: the file name does not match --speaker-pattern ${re.source} (named group "label" required)`);
        return { path: nodePath.join(source, e.name), label, speaker: m.groups?.speaker ?? null };
      });
    } else {
      items = [];
      for (const d of dirs) {
        for (const f of await entries(nodePath.join(source, d.name))) {
          if (!f.isDir && isWav(f.name)) items.push({ path: nodePath.join(source, d.name, f.name), label: d.name, speaker: null });
        }
      }
    }
  }
  if (items.length === 0) throw new ValueError(`${source}: no WAV files found; expected one sub-folder of .wav files per label, a flat folder of files named as --speaker-pattern says, or a CSV of path,label`);
  const labels = new Set(items.map((i) => i.label));
  if (labels.size < 2) throw new ValueError(`${source}: every file has the label ${JSON.stringify(items[0].label)}; at least two classes are needed`);
  return items;
}

/** Indices of the training and the held-out part, and the speakers held out (empty for a random split). */
export interface AudioSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly heldOutSpeakers: readonly string[];
}

/**
 * Splits `items` for evaluation. When every item names its speaker and there are at least three
 * speakers, `heldOutSpeakers` speakers (drawn with the seed) form the test part; otherwise a
 * stratified random `testFraction` of each label does.
 *
 * @example
 * splitAudioDataset(items, { seed: 0 }).heldOutSpeakers; // ['lucas', 'theo'] on FSDD
 */
export function splitAudioDataset(items: readonly AudioItem[], options: { seed?: number; heldOutSpeakers?: number; testFraction?: number } = {}): AudioSplit {
  const seed = options.seed ?? 0;
  const k = options.heldOutSpeakers ?? HELD_OUT_SPEAKERS;
  const fraction = options.testFraction ?? 0.2;
  const speakers = [...new Set(items.map((i) => i.speaker))];
  if (speakers.every((s) => s !== null) && speakers.length > k && k >= 1) {
    const sorted = (speakers as string[]).sort();
    const order = new Generator(seed).permutation(sorted.length);
    const held = Array.from(order.subarray(0, k), (j) => sorted[j]).sort();
    const heldSet = new Set(held);
    const train: number[] = [], test: number[] = [];
    items.forEach((it, i) => (heldSet.has(it.speaker!) ? test : train).push(i));
    return { train: Int32Array.from(train), test: Int32Array.from(test), heldOutSpeakers: held };
  }
  const s = stratifiedSplit(items.map((i) => i.label), fraction, seed);
  return { train: s.train, test: s.heldOut, heldOutSpeakers: [] };
}
