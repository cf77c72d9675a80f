import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, userError } from '../test-helpers/cli-run.js';
import { audioFeatures } from '../../audio/features.js';
import { loadWav } from '../../audio/wav-file.js';
import { writeWav } from '../../audio/wav-write.js';
import { featureOptionsFromFlags, runAudioFeatures } from './audio-features.js';

const FILE = 'test/fixtures/audio/0_george_0.wav';
const dir = mkdtempSync(join(tmpdir(), 'recurrent-audio-cli-'));

/** Runs the command in-process and collects what it prints. */
async function capture(file: string, flags: Parameters<typeof runAudioFeatures>[1]): Promise<string[]> {
  const lines: string[] = [];
  await runAudioFeatures(file, flags, { out: (t) => lines.push(...t.split('\n').filter((l) => l !== '')), tty: false });
  return lines;
}

test('flags map onto AudioFeatureOptions one to one', () => {
  assert.deepEqual(featureOptionsFromFlags({ mfcc: 20, cmvn: 'none', sampleRate: 'native', deltas: 0 }),
    { kind: 'mfcc', nMfcc: 20, sampleRate: null, cmvn: null, deltas: 0, nFft: undefined, winLength: undefined, hopLength: undefined, melScale: undefined, preEmphasis: undefined, lifter: undefined, trimSilence: undefined });
  assert.equal(featureOptionsFromFlags({ logMel: 64 }).nMels, 64);
  assert.throws(() => featureOptionsFromFlags({ mfcc: 13, logMel: 40 }), /not both/);
  assert.throws(() => featureOptionsFromFlags({ deltas: 3 }), /--deltas 3/);
});

test('--json prints one line per frame, equal to audioFeatures, and a last result line', async () => {
  const lines = (await capture(FILE, { logMel: 40, deltas: 0, json: true })).map((l) => JSON.parse(l));
  const audio = await loadWav(FILE);
  const want = audioFeatures(audio.channels[0], audio.sampleRate, { kind: 'log-mel', nMels: 40, deltas: 0 });
  assert.equal(lines.length, want.T + 1);
  assert.equal(lines[3].event, 'frame');
  lines.slice(0, -1).forEach((l, t) => l.values.forEach((v: number, f: number) => assert.ok(Math.abs(v - want.frames[t * 40 + f]) < 1e-4)));
  const r = lines.at(-1);
  assert.deepEqual([r.event, r.T, r.F, r.kind, r.sampleRate, r.channels], ['result', want.T, 40, 'log-mel', 8000, 1]);
});

test('a stereo file is mixed to mono unless --channel picks one', async () => {
  const a = await loadWav(FILE);
  const stereo = join(dir, 'stereo.wav');
  writeFileSync(stereo, writeWav({ ...a, channels: [a.channels[0], new Float32Array(a.channels[0].length)] }));
  assert.match((await capture(stereo, {}))[0], /2 channels \(mixed to mono\)/);
  assert.match((await capture(stereo, { channel: 1, trimSilence: 40 })).join('\n'), /channel 1.*\n.*T × F = 0 × 39/);
  await assert.rejects(capture(stereo, { channel: 2 }), /--channel 2; .* has channels 0 … 1/);
});

test('recurrent audio features prints T × F; a bad file or flag is one line with exit code 2', () => {
  const r = cli('audio', 'features', FILE, '--mfcc', '20', '--deltas', '1');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0_george_0\.wav: 8000 Hz, 1 channel \(mono\), 16-bit pcm, 0\.298 s\nmfcc 20 \+ Δ at 8000 Hz, hop 80 \(10\.0 ms\), cmvn mean-variance: T × F = 30 × 40, values in \[/);
  const bad = join(dir, 'bad.wav');
  writeFileSync(bad, new TextEncoder().encode('RIFF\x04\x00\x00\x00WAVE'));
  userError(['audio', 'features', bad], /^recurrent: readWav .*bad\.wav: has no fmt chunk/);
});
