/**
 * The report of an audio-classifier run as one self-contained HTML page: the held-out scores of
 * the network beside the MFCC-statistics + logistic regression baseline, the loss curves, the
 * confusion matrix, per-class scores, a log-mel spectrogram and the MFCC of a few held-out
 * recordings with what the network said, and the settings.
 */

import { heatmapSvg } from '../../report/heatmap.js';
import { lossCurvesHtml } from '../audio-common/report.js';
import { escapeHtml, figureHtml, htmlPage, sectionHtml } from '../../report/html.js';
import { formatNumber, settingsTableHtml } from '../../report/tables.js';
import type { ClassificationMetrics } from '../classifier/metrics.js';
import type { FrameMatrix } from './baseline.js';
import { frameImageSvg } from './feature-image.js';

/** A held-out recording drawn in the report. */
export interface AudioReportExample {
  readonly name: string;
  readonly actual: string;
  readonly predicted: string;
  readonly probability: number;
  /** Log-mel frames [T, nMels] (not normalised) and MFCC frames [T, nMfcc]. */
  readonly logMel: FrameMatrix;
  readonly mfcc: FrameMatrix;
}

/** What {@link renderAudioClassifierReport} draws. */
export interface AudioClassifierReportInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly notes?: readonly string[];
  readonly history: readonly { epoch: number; loss: number; valLoss?: number | null; valAccuracy?: number | null }[];
  readonly model: ClassificationMetrics;
  readonly baseline: ClassificationMetrics | null;
  /** How the test part was chosen, e.g. 'speakers george and theo (never heard in training)'. */
  readonly heldOut: string;
  readonly examples: readonly AudioReportExample[];
  readonly hopSeconds: number;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function scoresTable(model: ClassificationMetrics, baseline: ClassificationMetrics | null): string {
  const rows: [string, ClassificationMetrics | null, string][] = [['recurrent network', model, 'model'], ['MFCC statistics + logistic regression', baseline, '']];
  const body = rows.filter(([, m]) => m !== null).map(([name, m, cls]) => `<tr class="${cls}"><td>${escapeHtml(name)}</td><td>${pct(m!.accuracy)}</td><td>${formatNumber(m!.macroF1)}</td><td>${m!.n}</td></tr>`).join('');
  return `<table><thead><tr><th>Classifier</th><th>Accuracy</th><th>Macro-F1</th><th>n</th></tr></thead><tbody>${body}</tbody></table>`;
}

function perClassTable(m: ClassificationMetrics): string {
  const body = m.perClass.map((c) => `<tr><td>${escapeHtml(c.label)}</td><td>${formatNumber(c.precision)}</td><td>${formatNumber(c.recall)}</td><td>${formatNumber(c.f1)}</td><td>${c.support}</td></tr>`).join('');
  return `<table><thead><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Renders the report page (see the file comment). */
export async function renderAudioClassifierReport(input: AudioClassifierReportInput): Promise<string> {
  const m = input.model;
  const names = m.perClass.map((c) => c.label);
  const confusion = await heatmapSvg({ rows: names, cols: names, values: m.confusion, xLabel: 'Predicted', yLabel: 'Actual', title: 'Network' });
  const baselineConfusion = input.baseline ? await heatmapSvg({ rows: names, cols: names, values: input.baseline.confusion, xLabel: 'Predicted', yLabel: 'Actual', title: 'Baseline' }) : '';
  const curves = await lossCurvesHtml(input.history, 'Cross-entropy (nats)');
  const examples: string[] = [];
  for (const e of input.examples) {
    const verdict = e.actual === e.predicted ? 'right' : 'wrong';
    const head = `${e.name}: actual ${e.actual}, predicted ${e.predicted} (p = ${e.probability.toFixed(3)}, ${verdict})`;
    const spec = await frameImageSvg(e.logMel, { yLabel: 'mel band', hopSeconds: input.hopSeconds });
    const mfcc = await frameImageSvg(e.mfcc, { yLabel: 'MFCC', hopSeconds: input.hopSeconds });
    examples.push(`<h3>${escapeHtml(head)}</h3><div class="tables">${figureHtml(spec, 'log-mel spectrogram')}${figureHtml(mfcc, 'MFCC')}</div>`);
  }
  const body = [
    sectionHtml('Held-out scores', scoresTable(m, input.baseline), `Both classifiers trained on the same recordings and scored on the same held-out ones: ${input.heldOut}.`),
    sectionHtml('Training', curves, 'Loss per epoch on the training recordings (dashed) and the validation part (solid); the weights of the best validation epoch are kept.'),
    sectionHtml('Errors', `<div class="tables">${figureHtml(confusion)}${baselineConfusion ? figureHtml(baselineConfusion) : ''}${perClassTable(m)}</div>`, 'Confusion matrices on the held-out recordings: rows are the true labels.'),
    sectionHtml('Held-out recordings', examples.join('') || '<p class="empty">None.</p>', 'Log-mel spectrogram (before normalisation) and MFCC of a few held-out recordings, low bands at the bottom.'),
    sectionHtml('Settings', settingsTableHtml(input.settings)),
  ].join('');
  return htmlPage({ title: input.title, subtitle: input.subtitle, notes: input.notes, body });
}
