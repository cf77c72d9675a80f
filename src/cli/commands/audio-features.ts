/**
 * `recurrent audio features FILE.wav [--mfcc N | --log-mel N] [--json]`: reads a WAV file, mixes
 * it to mono (or takes one --channel), and prints the frames audioFeatures makes of it: a summary
 * (T × F and the value range), or with --json one line per frame
 * `{"event":"frame","t":…,"values":[…]}` and a last line `{"event":"result",…}`. Every other
 * flag maps onto one AudioFeatureOptions field; unset flags keep DEFAULT_AUDIO_FEATURES.
 */
import { Command, Option } from 'commander';
import { ValueError } from '../../errors.js';
import { audioFeatures, resolveAudioFeatures, type AudioFeatureOptions } from '../../audio/features.js';
import { loadWav } from '../../audio/wav-file.js';
import { toMono } from '../../audio/channels.js';
import { int, num } from '../flags.js';
import { round, stdio, type Output } from '../fit-callbacks.js';

/** The parsed flags of `audio features`. */
export interface AudioFeaturesFlags {
  mfcc?: number;
  logMel?: number;
  sampleRate?: number | 'native';
  nFft?: number;
  winLength?: number;
  hopLength?: number;
  nMels?: number;
  melScale?: 'htk' | 'slaney';
  preEmphasis?: number;
  lifter?: number;
  deltas?: number;
  cmvn?: 'mean-variance' | 'mean' | 'none';
  trimSilence?: number;
  channel?: number;
  json?: boolean;
}

/** AudioFeatureOptions from the flags: --mfcc N sets kind 'mfcc' and nMfcc, --log-mel N kind 'log-mel' and nMels. */
export function featureOptionsFromFlags(o: AudioFeaturesFlags): AudioFeatureOptions {
  if (o.mfcc !== undefined && o.logMel !== undefined) throw new ValueError('audio features: give --mfcc N or --log-mel N, not both');
  if (o.deltas !== undefined && ![0, 1, 2].includes(o.deltas)) throw new ValueError(`audio features: --deltas ${o.deltas}; expected 0, 1 or 2`);
  return {
    ...(o.mfcc !== undefined ? { kind: 'mfcc', nMfcc: o.mfcc } : {}),
    ...(o.logMel !== undefined ? { kind: 'log-mel', nMels: o.logMel } : {}),
    ...(o.nMels !== undefined ? { nMels: o.nMels } : {}),
    sampleRate: o.sampleRate === 'native' ? null : o.sampleRate,
    nFft: o.nFft, winLength: o.winLength, hopLength: o.hopLength, melScale: o.melScale, preEmphasis: o.preEmphasis, lifter: o.lifter,
    deltas: o.deltas as 0 | 1 | 2 | undefined,
    cmvn: o.cmvn === 'none' ? null : o.cmvn,
    trimSilence: o.trimSilence,
  };
}

/** Runs `audio features` on `file`, writing to `out`. */
export async function runAudioFeatures(file: string, o: AudioFeaturesFlags, out: Output = stdio): Promise<void> {
  const options = featureOptionsFromFlags(o);
  const audio = await loadWav(file);
  let x: Float32Array;
  if (o.channel !== undefined) {
    if (o.channel < 0 || o.channel >= audio.channels.length) throw new ValueError(`audio features: --channel ${o.channel}; ${file} has channels 0 … ${audio.channels.length - 1}`);
    x = audio.channels[o.channel];
  } else {
    x = toMono(audio);
  }
  const r = resolveAudioFeatures(options, audio.sampleRate);
  const { frames, T, F } = audioFeatures(x, audio.sampleRate, options);
  let min = Infinity;
  let max = -Infinity;
  for (const v of frames) (min = Math.min(min, v), max = Math.max(max, v));
  const base = r.kind === 'mfcc' ? r.nMfcc : r.nMels;
  const summary = {
    file, sampleRate: audio.sampleRate, channels: audio.channels.length, bitDepth: audio.bitDepth, format: audio.format,
    seconds: round(x.length / audio.sampleRate), featureRate: r.sampleRate, kind: r.kind, base, deltas: r.deltas, cmvn: r.cmvn,
    hopSeconds: round(r.hopLength / r.sampleRate), T, F, min: T ? round(min) : null, max: T ? round(max) : null,
  };
  if (o.json) {
    for (let t = 0; t < T; t++) out.out(JSON.stringify({ event: 'frame', t, values: Array.from(frames.subarray(t * F, (t + 1) * F), (v) => round(v)) }) + '\n');
    out.out(JSON.stringify({ event: 'result', ...summary }) + '\n');
    return;
  }
  const mix = o.channel !== undefined ? `channel ${o.channel}` : audio.channels.length > 1 ? 'mixed to mono' : 'mono';
  const extra = ['', ' + Δ', ' + Δ + ΔΔ'][r.deltas];
  out.out(`${file}: ${audio.sampleRate} Hz, ${audio.channels.length} channel${audio.channels.length > 1 ? 's' : ''} (${mix}), ${audio.bitDepth}-bit ${audio.format}, ${summary.seconds} s\n`);
  out.out(`${r.kind} ${base}${extra} at ${r.sampleRate} Hz, hop ${r.hopLength} (${(1000 * r.hopLength / r.sampleRate).toFixed(1)} ms), cmvn ${r.cmvn ?? 'none'}: T × F = ${T} × ${F}`);
  out.out(T ? `, values in [${summary.min}, ${summary.max}]\n` : '\n');
}

/** The `features` subcommand of `audio`. */
export function audioFeaturesCommand(): Command {
  return new Command('features')
    .description('print the MFCC or log-mel frames of a WAV file: T × F and the value range, or JSON lines of frames with --json')
    .argument('<file>', 'WAV file (PCM 8/16/24/32-bit or float 32/64-bit, any rate, any channels)')
    .option('--mfcc <n>', 'MFCC with n coefficients (the default kind, 13)', int)
    .option('--log-mel <n>', 'log-mel with n bands instead of MFCC', int)
    .option('--sample-rate <hz>', "resample to this rate first, or 'native' (default 8000)", (v: string) => (v === 'native' ? 'native' : int(v)))
    .option('--n-fft <n>', 'FFT size, a power of two (default: the next power of two ≥ the window)', int)
    .option('--win-length <n>', 'window, samples (default 25 ms)', int)
    .option('--hop-length <n>', 'hop, samples (default 10 ms)', int)
    .option('--n-mels <n>', 'mel bands under the MFCC (default 40)', int)
    .addOption(new Option('--mel-scale <scale>', 'mel scale (default htk)').choices(['htk', 'slaney']))
    .option('--pre-emphasis <a>', 'pre-emphasis coefficient, 0 for none (default 0.97)', num)
    .option('--lifter <L>', 'cepstral lifter, 0 for none (default 0)', num)
    .option('--deltas <k>', '0: none, 1: Δ, 2: Δ and ΔΔ (default 2)', int)
    .addOption(new Option('--cmvn <kind>', 'per-utterance normalisation (default mean-variance)').choices(['mean-variance', 'mean', 'none']))
    .option('--trim-silence <db>', 'trim leading and trailing audio this many dB below the loudest frame', num)
    .option('--channel <k>', 'use channel k instead of the mean of all channels', int)
    .option('--json', 'JSON lines: one per frame, the last one the result', false)
    .action(async (file: string, o: AudioFeaturesFlags) => runAudioFeatures(file, o));
}
