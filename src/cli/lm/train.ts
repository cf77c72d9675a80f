/**
 * `recurrent lm train`: read a text file, train a LanguageModel on its first part and score
 * the held-out end, then write the bundle, metrics.json and report.html into the output folder.
 */

import { atomicWriteFile } from '../../io/atomic-write.js';
import { IOError, ValueError } from '../../errors.js';
import { lazyBuiltin } from '../../platform/node-builtins.js';
import { LanguageModel } from '../../tasks/language-model/language-model.js';
import { languageModelReport } from '../../tasks/language-model/report.js';
import type { LanguageModelOptions, ValidationPoint } from '../../tasks/language-model/options.js';
import type { Callback } from '../../train/types.js';
import { jsonLines, progress, round, type Output } from '../fit-callbacks.js';

const fsp = lazyBuiltin('fs/promises');
const nodePath = lazyBuiltin('path');

/** What `lm train` takes besides the LanguageModel's own options. */
export interface LmTrainRun {
  readonly file: string;
  readonly out: string;
  readonly json: boolean;
  /** Prompt of the report's samples (default: none, the samples start at a line break). */
  readonly prompt?: string;
}

/** The `result` event, also written to metrics.json. */
export interface LmTrainResult {
  readonly event: 'result';
  readonly validation: { loss: number | null; perplexity: number | null; tokens: number };
  readonly train: { tokens: number; steps: number; seconds: number | null; stopReason: string };
  readonly level: string;
  readonly vocabSize: number;
  readonly sample: string;
  readonly out: string;
  readonly seconds: number;
}

/** The text of `file` as UTF-8; a file that is not text is one clear error. */
export async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await fsp.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'EIO';
    throw new IOError('read', file, code);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValueError(`${file}: not UTF-8 text; lm train reads a plain text file`);
  }
  if (text.includes('\u0000')) throw new ValueError(`${file}: holds NUL bytes, so it is not a text file; lm train reads a plain text file`);
  if (text.trim().length === 0) throw new ValueError(`${file}: the file is empty; give a text to learn from`);
  return text;
}

function validationLine(p: ValidationPoint): string {
  return `step ${String(p.step).padStart(6)}  ${p.seconds.toFixed(1).padStart(7)} s  train ${Number.isFinite(p.trainLoss) ? p.trainLoss.toFixed(4) : '—'}  validation ${p.loss.toFixed(4)} nats/token  perplexity ${p.perplexity.toFixed(3)}\n`;
}

/** Runs `lm train`; returns the result event (also printed with --json). */
export async function runLmTrain(run: LmTrainRun, options: LanguageModelOptions, io: Output): Promise<LmTrainResult> {
  const t0 = performance.now();
  const text = await readText(run.file);
  const onValidation = (p: ValidationPoint) => {
    io.out(run.json
      ? JSON.stringify({ event: 'validation', step: p.step, seconds: round(p.seconds), trainLoss: round(p.trainLoss), loss: round(p.loss), perplexity: round(p.perplexity), lr: round(p.lr) }) + '\n'
      : validationLine(p));
  };
  const callbacks: Callback[] = [run.json ? jsonLines(io) : progress(io), ...(options.callbacks ?? [])];
  const lm = new LanguageModel({ ...options, callbacks, onValidation });
  const chars = Array.from(text).length;
  if (run.json) io.out(JSON.stringify({ event: 'start', file: run.file, characters: chars, level: lm.options.level, minutes: lm.options.minutes }) + '\n');
  else io.out(`${run.file}: ${chars} characters; training on the first ${Math.round((1 - lm.options.validationFraction) * 100)} %, validating on the rest${lm.options.minutes === null ? '' : ` for ${lm.options.minutes} min`}\n`);
  const r = await lm.fit(text);
  await lm.save(run.out);
  const last = r.curve[r.curve.length - 1];
  const sample = lm.generate(run.prompt ?? '', { length: 200, temperature: 0.8, seed: 1 });
  const result: LmTrainResult = {
    event: 'result',
    validation: { loss: round(last.loss), perplexity: round(last.perplexity), tokens: r.validationTokens },
    train: { tokens: r.trainTokens, steps: r.history.stepLoss.length, seconds: round(r.trainSeconds), stopReason: r.stopReason },
    level: lm.options.level, vocabSize: lm.codec!.size, sample, out: run.out,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
  };
  await atomicWriteFile(nodePath.join(run.out, 'metrics.json'), JSON.stringify(result, null, 1) + '\n');
  await atomicWriteFile(nodePath.join(run.out, 'report.html'), await languageModelReport(lm, { title: `Language model — ${nodePath.basename(run.file)}`, prompt: run.prompt }));
  const final = { ...result, seconds: Number(((performance.now() - t0) / 1000).toFixed(2)) };
  if (run.json) io.out(JSON.stringify(final) + '\n');
  else io.out(`\nvalidation loss ${last.loss.toFixed(4)} nats per token (perplexity ${last.perplexity.toFixed(3)}) after ${final.train.steps} steps\n\n${(run.prompt ?? '') + sample}\n\nwrote ${run.out}/ (model.safetensors, tokenizer.json, vocabulary.json, language-model.json, metrics.json, report.html) in ${final.seconds.toFixed(1)} s\n`);
  return final;
}
