/**
 * The report of a trained Translator as one self-contained HTML page: loss and accuracy curves,
 * the BLEU table (greedy and beam beside training time), example translations, and the attention
 * heat maps of a few held-out sentences (where each output word looked in the source).
 */

import { escapeHtml, figureHtml, htmlPage, sectionHtml } from '../../report/html.js';
import { lineChartSvg } from '../../report/plots.js';
import { heatmapSvg } from '../../report/heatmap.js';
import { settingsTableHtml } from '../../report/tables.js';
import type { Translator, TranslatorEvaluation } from './translator.js';

/** What the page shows besides the translator itself. */
export interface TranslatorReportInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly evaluation: TranslatorEvaluation;
  /** Loss per epoch (training and validation) and validation token accuracy. */
  readonly history: readonly { epoch: number; loss: number; valLoss: number | null; valAccuracy: number | null }[];
  /** Held-out sources whose attention is drawn. */
  readonly attentionSources: readonly string[];
  readonly settings?: Record<string, string | number | boolean>;
  readonly notes?: readonly string[];
}

const fmt = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** Tokens numbered so that repeated words stay distinct rows and columns of a heat map. */
function numbered(tokens: readonly string[]): string[] {
  return tokens.map((t, i) => `${i + 1} ${t}`);
}

/** The whole report page. */
export async function renderTranslatorReport(t: Translator, input: TranslatorReportInput): Promise<string> {
  const ev = input.evaluation;
  const sections: string[] = [];
  const h = input.history;
  if (h.length) {
    const x = h.map((e) => e.epoch);
    const loss = await lineChartSvg({
      series: [
        ...(h.some((e) => e.valLoss !== null) ? [{ name: 'validation', x, y: h.map((e) => e.valLoss ?? NaN) }] : []),
        { name: 'training', x, y: h.map((e) => e.loss) },
      ],
      xLabel: 'Epoch', yLabel: 'Cross-entropy (nats per token)', height: 280,
    });
    const acc = h.some((e) => e.valAccuracy !== null)
      ? figureHtml(await lineChartSvg({ series: [{ name: 'validation token accuracy', x, y: h.map((e) => e.valAccuracy ?? NaN) }], xLabel: 'Epoch', yLabel: 'Token accuracy', height: 220 }), 'Teacher-forced token accuracy on the validation pairs')
      : '';
    sections.push(sectionHtml('Training', figureHtml(loss, 'Loss per epoch') + acc, 'Cross-entropy per target token (teacher forcing); the validation pairs come from the training part and decide early stopping.'));
  }
  const table = `<table class="metrics"><thead><tr><th>decoding</th><th>BLEU</th><th>token accuracy</th><th>loss</th><th>training time</th></tr></thead><tbody>
<tr><td>greedy</td><td>${fmt(ev.bleu.greedy)}</td><td rowspan="2">${fmt(ev.tokenAccuracy, 3)}</td><td rowspan="2">${fmt(ev.loss, 3)}</td><td rowspan="2">${fmt(t.trainSeconds, 0)} s</td></tr>
<tr><td>beam ${ev.beam}</td><td>${fmt(ev.bleu.beam)}</td></tr></tbody></table>`;
  sections.push(sectionHtml('Held-out scores', table, `Corpus BLEU-4 (0–100) on ${ev.pairs} held-out pairs, on lower-cased word tokens with punctuation as tokens; token accuracy and loss with teacher forcing.`));
  const rows = ev.examples.map((e) => `<tr><td>${escapeHtml(e.source)}</td><td>${escapeHtml(e.reference)}</td><td>${escapeHtml(e.greedy)}</td><td>${escapeHtml(e.beam)}</td></tr>`).join('');
  sections.push(sectionHtml('Examples', `<table class="settings"><thead><tr><th>source</th><th>reference</th><th>greedy</th><th>beam ${ev.beam}</th></tr></thead><tbody>${rows}</tbody></table>`));
  const maps: string[] = [];
  for (const tr of t.translate(input.attentionSources, { beam: ev.beam })) {
    const out = tr.attention.length > tr.tokens.length ? [...tr.tokens, '<eos>'] : tr.tokens; // <eos> when it ended the output
    const svg = await heatmapSvg({
      rows: numbered(out), cols: numbered(tr.sourceTokens), values: tr.attention.slice(0, out.length),
      xLabel: 'Source', yLabel: 'Output', domain: [0, 1], annotate: tr.sourceTokens.length * out.length <= 120,
    });
    maps.push(figureHtml(svg, `${tr.sourceTokens.slice(0, -1).join(' ')} → ${tr.text}`));
  }
  if (maps.length) sections.push(sectionHtml('Attention', maps.join(''), 'Each row is one output word (beam search): its attention weights over the source words, summing to 1.'));
  if (input.settings) sections.push(sectionHtml('Settings', settingsTableHtml(input.settings)));
  return htmlPage({ title: input.title, subtitle: input.subtitle, notes: input.notes, body: sections.join('') });
}
