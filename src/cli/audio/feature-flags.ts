/**
 * The front-end flags of `audio train` and `speech train`: the same names and meanings as
 * `recurrent audio features` (mapped by its featureOptionsFromFlags), defaults those of
 * DEFAULT_AUDIO_FEATURES.
 */
import { Option, type Command } from 'commander';
import { int, num } from '../flags.js';
import { featureOptionsFromFlags, type AudioFeaturesFlags } from '../commands/audio-features.js';
import type { AudioFeatureOptions } from '../../audio/index.js';
import { DEFAULT_AUDIO_FEATURES as A } from '../../audio/index.js';

/** Adds the front-end flags to `cmd`. */
export function featureFlags(cmd: Command): Command {
  return cmd
    .option('--mfcc <n>', `MFCC with n coefficients (the default kind, ${A.nMfcc})`, int)
    .option('--log-mel <n>', 'log-mel with n bands instead of MFCC', int)
    .option('--sample-rate <hz>', `resample to this rate first, or 'native' (default ${A.sampleRate})`, (v: string) => (v === 'native' ? 'native' : int(v)))
    .option('--n-fft <n>', 'FFT size, a power of two (default: the next power of two ≥ the window)', int)
    .option('--win-length <n>', 'window, samples (default 25 ms)', int)
    .option('--hop-length <n>', 'hop, samples (default 10 ms)', int)
    .option('--n-mels <n>', `mel bands under the MFCC (default ${A.nMels})`, int)
    .addOption(new Option('--mel-scale <scale>', `mel scale (default ${A.melScale})`).choices(['htk', 'slaney']))
    .option('--pre-emphasis <a>', `pre-emphasis coefficient, 0 for none (default ${A.preEmphasis})`, num)
    .option('--lifter <L>', `cepstral lifter, 0 for none (default ${A.lifter})`, num)
    .option('--deltas <k>', `0: none, 1: Δ, 2: Δ and ΔΔ (default ${A.deltas})`, int)
    .addOption(new Option('--cmvn <kind>', `per-recording normalisation (default ${A.cmvn ?? 'none'})`).choices(['mean-variance', 'mean', 'none']))
    .option('--trim-silence <db>', 'trim leading and trailing audio this many dB below the loudest frame', num);
}

/** AudioFeatureOptions of the parsed flags; unset ones stay undefined (the defaults apply). */
export function featureOptions(o: AudioFeaturesFlags): AudioFeatureOptions {
  return Object.fromEntries(Object.entries(featureOptionsFromFlags(o)).filter(([, v]) => v !== undefined)) as AudioFeatureOptions;
}
