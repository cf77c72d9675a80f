/**
 * The report of a language model's training run, as one self-contained HTML page: the loss
 * curves (training and validation, against steps and against seconds), samples at several
 * temperatures, and the settings. Pure: the caller writes the string where it chooses.
 */

import { lineChartSvg } from '../../report/plots.js';
import { escapeHtml, figureHtml, htmlPage, sectionHtml } from '../../report/html.js';
import { settingsTableHtml } from '../../report/tables.js';
import { ValueError } from '../../errors.js';
import type { LanguageModel } from './language-model.js';

/** Temperatures of the report's samples. */
export const REPORT_TEMPERATURES: readonly number[] = [0.5, 0.8, 1.0];

/** The report page of a trained model (after `fit`): curves, samples and settings. */
export async function languageModelReport(lm: LanguageModel, options: { title: string; prompt?: string; sampleLength?: number; seed?: number }): Promise<string> {
  const run = lm.run;
  if (!run || !lm.codec) throw new ValueError('languageModelReport: the model has no training run; call fit(text) first');
  const curve = run.curve;
  const steps = run.history.stepLoss;
  // Per-step training loss smoothed over 20 steps, so the line reads beside the validation points.
  const smooth = steps.map((_, i) => {
    const from = Math.max(0, i - 19);
    let s = 0;
    for (let j = from; j <= i; j++) s += steps[j];
    return s / (i - from + 1);
  });
  const byStep = await lineChartSvg({
    series: [
      { name: 'validation', x: curve.map((p) => p.step), y: curve.map((p) => p.loss) },
      { name: 'training (mean of 20 steps)', x: steps.map((_, i) => i + 1), y: smooth, opacity: 0.7 },
    ],
    xLabel: 'Optimizer step', yLabel: 'Loss (nats per token)', height: 300,
  });
  const bySeconds = await lineChartSvg({
    series: [
      { name: 'validation', x: curve.map((p) => p.seconds), y: curve.map((p) => p.loss) },
      { name: 'training (since the previous validation)', x: curve.filter((p) => Number.isFinite(p.trainLoss)).map((p) => p.seconds), y: curve.filter((p) => Number.isFinite(p.trainLoss)).map((p) => p.trainLoss), dashed: true },
    ],
    xLabel: 'Training seconds (validation excluded)', yLabel: 'Loss (nats per token)', height: 300,
  });
  const prompt = options.prompt ?? '';
  const samples = REPORT_TEMPERATURES.map((t) => {
    const text = lm.generate(prompt, { length: options.sampleLength ?? 400, temperature: t, seed: options.seed ?? 1 });
    return `<h3>temperature ${t}</h3><pre class="sample">${escapeHtml(prompt)}<b>${escapeHtml(text)}</b></pre>`;
  }).join('\n');
  const last = curve[curve.length - 1];
  const o = lm.options;
  const settings = {
    level: o.level, 'vocabulary size': lm.codec.size, cell: o.cell, 'embedding size': o.embeddingSize, 'hidden size': o.hiddenSize, layers: o.numLayers, dropout: o.dropout,
    'streams (B)': o.batchSize, 'BPTT steps (T)': o.steps, 'learning rate': o.lr, schedule: o.schedule, 'clip norm': o.clipNorm === null ? 'none' : o.clipNorm,
    'budget (minutes)': o.minutes === null ? 'none' : o.minutes, 'training tokens': run.trainTokens, 'validation tokens': run.validationTokens,
    'optimizer steps': steps.length, 'training seconds': Number(run.trainSeconds.toFixed(1)), 'stopped by': run.stopReason, seed: o.seed,
  };
  const body = [
    sectionHtml('Loss', figureHtml(byStep, 'against optimizer steps') + figureHtml(bySeconds, 'against training seconds'),
      'Cross-entropy in nats per token; the validation stream is the last part of the text, scored whole with the state carried.'),
    sectionHtml('Samples', samples, `Continuations of ${prompt ? JSON.stringify(prompt) : 'an empty prompt'} drawn with seed ${options.seed ?? 1}; lower temperatures are more conservative.`),
    sectionHtml('Settings', settingsTableHtml(settings)),
  ].join('\n');
  return htmlPage({
    title: options.title,
    subtitle: `${o.cell.toUpperCase()} ${o.numLayers}×${o.hiddenSize}, ${o.level} level, ${lm.codec.size} tokens`,
    notes: [`validation loss ${last.loss.toFixed(4)} nats per token (perplexity ${last.perplexity.toFixed(3)}) after ${last.step} steps and ${last.seconds.toFixed(0)} s of training`],
    body: body.replace('<style>', '<style>pre.sample{white-space:pre-wrap}'),
  });
}
