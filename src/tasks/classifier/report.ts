/**
 * The report of a classifier run as one self-contained HTML page: the held-out scores of the
 * network beside the TF-IDF + logistic regression baseline (per fold with cross-validation),
 * the loss curves of training, the confusion matrix as a heat map, per-class scores, the
 * held-out texts it gets most wrong with their probabilities, and the settings.
 */

import { heatmapSvg } from '../../report/heatmap.js';
import { lineChartSvg, type ChartSeries } from '../../report/plots.js';
import { escapeHtml, figureHtml, htmlPage, REPORT_COLORS, sectionHtml } from '../../report/html.js';
import { formatNumber, settingsTableHtml } from '../../report/tables.js';
import type { ClassificationMetrics } from './metrics.js';
import type { FoldSummary } from './cross-validate.js';
import type { ClassifierEvaluation } from './classifier.js';

/** One training curve: per epoch the training and validation loss (and validation accuracy). */
export interface ReportHistory {
  readonly name: string;
  readonly epochs: readonly { epoch: number; loss: number; valLoss?: number | null; valAccuracy?: number | null }[];
}

/** A held-out text with what the classifier said. */
export interface ReportExample {
  readonly text: string;
  readonly actual: string;
  readonly predicted: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

/** What {@link renderClassifierReport} draws: the training histories, the held-out scores, and the examples. */
export interface ClassifierReportInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly notes?: readonly string[];
  readonly histories: readonly ReportHistory[];
  /** Scores on the held-out texts (all folds pooled with cross-validation). */
  readonly model: ClassificationMetrics;
  readonly baseline: ClassificationMetrics | null;
  /** With cross-validation: accuracy and macro-F1 per fold. */
  readonly folds?: { readonly accuracy: FoldSummary; readonly macroF1: FoldSummary; readonly baseline: { readonly accuracy: FoldSummary; readonly macroF1: FoldSummary } | null };
  /** The held-out texts with the lowest probability of their true class, worst first. */
  readonly worst: readonly ReportExample[];
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

/** The `count` examples of `e` whose true class got the lowest probability, worst first. */
export function worstExamples(e: ClassifierEvaluation, texts: readonly string[], count = 15): ReportExample[] {
  const C = e.classes.length;
  const order = Array.from(e.actual, (_, i) => i).sort((a, b) => e.probabilities[a * C + e.actual[a]] - e.probabilities[b * C + e.actual[b]] || a - b);
  return order.slice(0, count).map((i) => {
    let arg = 0;
    for (let c = 1; c < C; c++) if (e.probabilities[i * C + c] > e.probabilities[i * C + arg]) arg = c;
    return { text: texts[i], actual: e.classes[e.actual[i]], predicted: e.classes[arg], probabilities: Object.fromEntries(e.classes.map((c, j) => [c, e.probabilities[i * C + j]])) };
  });
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function scoresTable(input: ClassifierReportInput): string {
  const rows: [string, ClassificationMetrics | null, string][] = [['recurrent network', input.model, 'model'], ['TF-IDF + logistic regression', input.baseline, '']];
  const f = input.folds;
  const foldCell = (s: FoldSummary | undefined) => (s ? `${pct(s.mean)} ± ${pct(s.std)}` : '—');
  const head = `<thead><tr><th>Classifier</th><th>Accuracy</th><th>Macro-F1</th>${f ? '<th>Accuracy per fold (mean ± sd)</th><th>Macro-F1 per fold</th>' : ''}<th>n</th></tr></thead>`;
  const body = rows
    .filter(([, m]) => m !== null)
    .map(([name, m, cls], i) => {
      const fs = f ? (i === 0 ? f : f.baseline) : null;
      const extra = f ? `<td>${foldCell(fs?.accuracy)}</td><td>${foldCell(fs?.macroF1)}</td>` : '';
      return `<tr class="${cls}"><td>${escapeHtml(name)}</td><td>${pct(m!.accuracy)}</td><td>${formatNumber(m!.macroF1)}</td>${extra}<td>${m!.n}</td></tr>`;
    })
    .join('');
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

function perClassTable(m: ClassificationMetrics): string {
  const body = m.perClass.map((c) => `<tr><td>${escapeHtml(c.label)}</td><td>${formatNumber(c.precision)}</td><td>${formatNumber(c.recall)}</td><td>${formatNumber(c.f1)}</td><td>${c.support}</td></tr>`).join('');
  return `<table><thead><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr></thead><tbody>${body}</tbody></table>`;
}

function worstTable(worst: readonly ReportExample[]): string {
  if (worst.length === 0) return '<p class="empty">No held-out texts.</p>';
  const body = worst
    .map((w) => {
      const probs = Object.entries(w.probabilities).map(([c, p]) => `${escapeHtml(c)} ${p.toFixed(3)}`).join(', ');
      const text = w.text.length > 200 ? `${w.text.slice(0, 200)}…` : w.text;
      return `<tr><td style="white-space: normal; max-width: 560px">${escapeHtml(text)}</td><td>${escapeHtml(w.actual)}</td><td>${escapeHtml(w.predicted)}</td><td>${probs}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>Text</th><th>Actual</th><th>Predicted</th><th>Probabilities</th></tr></thead><tbody>${body}</tbody></table>`;
}

async function lossChart(histories: readonly ReportHistory[]): Promise<string> {
  const series: ChartSeries[] = [];
  histories.forEach((h, k) => {
    const x = h.epochs.map((e) => e.epoch);
    const color = REPORT_COLORS.baselines[k % REPORT_COLORS.baselines.length];
    series.push({ name: `${h.name} validation`, x, y: h.epochs.map((e) => e.valLoss ?? NaN), color: k === 0 ? REPORT_COLORS.model : color, strokeWidth: 2 });
    series.push({ name: `${h.name} training`, x, y: h.epochs.map((e) => e.loss), color: k === 0 ? '#8c8c8c' : color, dashed: true, opacity: 0.7 });
  });
  return lineChartSvg({ series, xLabel: 'Epoch', yLabel: 'Cross-entropy (nats)', height: 280 });
}

/** Renders the report page (see the file comment). */
export async function renderClassifierReport(input: ClassifierReportInput): Promise<string> {
  const m = input.model;
  const names = m.perClass.map((c) => c.label);
  const confusion = await heatmapSvg({ rows: names, cols: names, values: m.confusion, xLabel: 'Predicted', yLabel: 'Actual', title: 'Confusion matrix (held-out texts)' });
  const body = [
    sectionHtml('Held-out scores', scoresTable(input), input.folds ? `Stratified ${input.folds.accuracy.folds.length}-fold cross-validation: both classifiers trained and scored on the same folds.` : 'Both classifiers trained on the same training part and scored on the same held-out texts.'),
    sectionHtml('Training', input.histories.length ? figureHtml(await lossChart(input.histories)) : '<p class="empty">No training history.</p>', 'Loss per epoch on the training texts (dashed) and the validation part (solid); the weights of the best validation epoch are kept.'),
    sectionHtml('Errors', `<div class="tables">${figureHtml(confusion)}${perClassTable(m)}</div>`),
    sectionHtml('Most wrong', worstTable(input.worst), 'Held-out texts whose true class got the lowest probability.'),
    sectionHtml('Settings', settingsTableHtml(input.settings)),
  ].join('');
  return htmlPage({ title: input.title, subtitle: input.subtitle, notes: input.notes, body });
}
