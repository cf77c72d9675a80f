/**
 * `recurrent lm sample`: continue a prompt with a trained LanguageModel, `count` samples side
 * by side, printed as text (or JSON lines) with the generation speed.
 */

import { ValueError } from '../../errors.js';
import { LanguageModel } from '../../tasks/language-model/language-model.js';
import type { TextGenerateOptions } from '../../tasks/language-model/language-model.js';
import type { Output } from '../fit-callbacks.js';

/** What `lm sample` takes. */
export interface LmSampleRun extends TextGenerateOptions {
  readonly model: string;
  readonly prompt: string;
  readonly json: boolean;
}

/** Runs `lm sample`; returns the samples (the new text of each, without the prompt). */
export async function runLmSample(run: LmSampleRun, io: Output): Promise<string[]> {
  if (typeof run.prompt !== 'string') throw new ValueError('--prompt: expected a text');
  const lm = await LanguageModel.load(run.model);
  const t0 = performance.now();
  const samples = lm.generateBatch(run.prompt, run);
  const seconds = (performance.now() - t0) / 1000;
  const tokens = samples.length * (run.length ?? 0);
  if (run.json) {
    samples.forEach((text, index) => io.out(JSON.stringify({ event: 'sample', index, prompt: run.prompt, text }) + '\n'));
    io.out(JSON.stringify({ event: 'result', count: samples.length, length: run.length, seconds: Number(seconds.toFixed(3)), tokensPerSecond: seconds > 0 ? Number((tokens / seconds).toFixed(1)) : null, model: run.model }) + '\n');
  } else {
    io.out(samples.map((s) => run.prompt + s).join('\n\n———\n\n') + '\n');
  }
  return samples;
}
