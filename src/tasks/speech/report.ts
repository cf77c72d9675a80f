/**
 * The report of a speech-recognizer run as one self-contained HTML page: CER and WER on the
 * held-out speakers (beam search and best path), the CTC loss curves, and for a few held-out
 * utterances the reference beside the transcript with the CTC alignment: the per-frame
 * probability of the blank and of every word as a heat map, and the argmax label of each frame.
 */

import { heatmapSvg } from '../../report/heatmap.js';
import { lossCurvesHtml } from '../audio-common/report.js';
import { escapeHtml, figureHtml, htmlPage, sectionHtml } from '../../report/html.js';
import { settingsTableHtml } from '../../report/tables.js';

/** One utterance drawn with its alignment. */
export interface AlignmentExample {
  readonly reference: string;
  readonly transcript: string;
  /** Per-frame log-probabilities [T, V], V = 1 + vocabulary size. */
  readonly logProbs: Float32Array;
  /** argmax label of each frame (0 = blank). */
  readonly alignment: readonly number[];
}

/** What {@link renderSpeechReport} draws. */
export interface SpeechReportInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly notes?: readonly string[];
  readonly history: readonly { epoch: number; loss: number; valLoss?: number | null }[];
  /** Error rates by decoder: e.g. { 'beam search (8)': { cer, wer, exact }, 'best path': … }. */
  readonly scores: Readonly<Record<string, { cer: number; wer: number; exact: number }>>;
  readonly n: number;
  readonly heldOut: string;
  readonly vocabulary: readonly string[];
  readonly examples: readonly AlignmentExample[];
  readonly hopSeconds: number;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The argmax path as text: one symbol per frame, '·' for the blank, a word's first letters otherwise, runs collapsed to "word×k". */
export function alignmentText(alignment: readonly number[], vocabulary: readonly string[]): string {
  const runs: string[] = [];
  for (let t = 0; t < alignment.length;) {
    let k = t;
    while (k < alignment.length && alignment[k] === alignment[t]) k++;
    const v = alignment[t];
    runs.push(`${v === 0 ? '·' : vocabulary[v - 1]}×${k - t}`);
    t = k;
  }
  return runs.join(' ');
}

/** Renders the report page (see the file comment). */
export async function renderSpeechReport(input: SpeechReportInput): Promise<string> {
  const rows = Object.entries(input.scores).map(([name, s], i) => `<tr class="${i === 0 ? 'model' : ''}"><td>${escapeHtml(name)}</td><td>${pct(s.cer)}</td><td>${pct(s.wer)}</td><td>${pct(s.exact)}</td><td>${input.n}</td></tr>`).join('');
  const table = `<table><thead><tr><th>Decoder</th><th>CER</th><th>WER</th><th>Exact</th><th>n</th></tr></thead><tbody>${rows}</tbody></table>`;
  const curves = await lossCurvesHtml(input.history, 'CTC loss per target label (nats)');
  const symbols = ['blank', ...input.vocabulary];
  const parts: string[] = [];
  for (const e of input.examples) {
    const V = symbols.length;
    const T = e.logProbs.length / V;
    const stride = Math.max(1, Math.ceil(T / 96));
    const ts = Array.from({ length: Math.ceil(T / stride) }, (_, k) => k * stride);
    const cols = ts.map((t) => (t * input.hopSeconds).toFixed(2));
    const values = symbols.map((_, v) => ts.map((t) => Math.exp(e.logProbs[t * V + v])));
    const svg = await heatmapSvg({ rows: symbols, cols, values, annotate: false, domain: [0, 1], xLabel: 'seconds', width: Math.min(960, 140 + 8 * cols.length), height: 80 + 18 * V });
    const verdict = e.reference === e.transcript ? 'exact' : 'errors';
    parts.push(`<h3>${escapeHtml(`reference "${e.reference}" → transcript "${e.transcript}" (${verdict})`)}</h3>${figureHtml(svg)}<p class="caption">${escapeHtml(`argmax path: ${alignmentText(e.alignment, input.vocabulary)}`)}</p>`);
  }
  const body = [
    sectionHtml('Held-out error rates', table, `Character error rate (on the spelled-out words, spaces included) and word error rate on ${input.heldOut}.`),
    sectionHtml('Training', curves, 'CTC loss per epoch on the training strings (dashed) and the validation part (solid); the weights of the best validation epoch are kept.'),
    sectionHtml('CTC alignments', parts.join('') || '<p class="empty">None.</p>', 'Per-frame probability of the blank and of each word on a few held-out utterances; the argmax path below each (· is the blank, ×k the frames it lasts). CTC emits each word as a short spike between blanks.'),
    sectionHtml('Settings', settingsTableHtml(input.settings)),
  ].join('');
  return htmlPage({ title: input.title, subtitle: input.subtitle, notes: input.notes, body });
}
