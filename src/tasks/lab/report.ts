/**
 * The lab's report.html: learning curves against the task's baseline, the per-step gradient
 * norms that explain them (after training and at initialisation), and a table of the results.
 * Pure: a LabResult in, an HTML string out.
 */
import { lineChartSvg, type ChartSeries } from '../../report/plots.js';
import { escapeHtml, figureHtml, htmlPage, REPORT_COLORS, sectionHtml } from '../../report/html.js';
import { formatNumber, settingsTableHtml } from '../../report/tables.js';
import { LAB_CELL_LABELS, type LabCell } from './models.js';
import type { LabModelResult, LabResult } from './result.js';

/** One colour per cell, the same in every chart. */
const CELL_COLORS: Readonly<Record<LabCell, string>> = {
  rnn: REPORT_COLORS.baselines[4], irnn: REPORT_COLORS.baselines[2], lstm: REPORT_COLORS.model, lstm0: REPORT_COLORS.baselines[3], gru: REPORT_COLORS.baselines[1],
};

const entries = (r: LabResult) => Object.entries(r.models) as [LabCell, LabModelResult][];

/**
 * log10 of the norms divided by the last step's, so every curve ends at 0: a log scale drawn on a
 * linear axis, since a tanh RNN's curve spans 150 decades and a log axis labels every one.
 * Zero norms (dead ReLU units) become −Infinity and are skipped.
 */
function log10Relative(norms: readonly number[]): number[] {
  const last = norms[norms.length - 1];
  return norms.map((v) => (last > 0 ? Math.log10(v / last) : NaN));
}

function table(r: LabResult): string {
  const head = ['Model', `Test ${r.lossName}`, 'Solved', 'Steps', 'Ratio (init)', 'Horizon (init)', 'Decay/step', 's'];
  const rows = entries(r).map(([cell, m]) => {
    const cells = [LAB_CELL_LABELS[cell], formatNumber(m.testLoss), m.solved ? 'yes' : 'no', `${m.steps} (${m.stopReason})`,
      `${formatNumber(m.gradientRatio)} (${formatNumber(m.gradientRatioInit)})`, `${m.horizon} (${m.horizonInit})`, formatNumber(m.decayPerStep), m.seconds.toFixed(0)];
    return `<tr${m.solved ? ' class="model"' : ''}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  const base = `<tr><td>${escapeHtml('trivial baseline')}</td><td>${escapeHtml(formatNumber(r.baseline))}</td>${'<td></td>'.repeat(head.length - 2)}</tr>`;
  return `<table class="metrics"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}${base}</tbody></table>`;
}

/**
 * The whole report page of a lab run.
 *
 * @example
 * await writeFile('report.html', await renderLabReport(await runLab({ task: 'adding', length: 100 })));
 */
export async function renderLabReport(r: LabResult): Promise<string> {
  const models = entries(r);
  const curves: ChartSeries[] = models.map(([cell, m]) => ({ name: LAB_CELL_LABELS[cell], x: m.curve.step, y: m.curve.testLoss, color: CELL_COLORS[cell] }));
  const lastStep = Math.max(1, ...models.map(([, m]) => m.steps));
  curves.push({ name: 'trivial baseline', x: [0, lastStep], y: [r.baseline, r.baseline], color: REPORT_COLORS.actual, dashed: true, strokeWidth: 1 });
  const learning = await lineChartSvg({ series: curves, xLabel: 'Optimizer step', yLabel: `Test ${r.lossName}`, logY: true, yRules: [r.solvedBelow] });
  const normsChart = (pick: (m: LabModelResult) => number[]) => lineChartSvg({
    series: models.map(([cell, m]) => ({ name: LAB_CELL_LABELS[cell], x: Array.from(pick(m), (_, t) => t + 1), y: log10Relative(pick(m)), color: CELL_COLORS[cell] })),
    xLabel: 'Time step t', yLabel: 'log₁₀ ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖', yRules: [-3], height: 280,
  });
  const trained = await normsChart((m) => m.gradientNorms);
  const init = await normsChart((m) => m.gradientNormsInit);
  const s = r.settings;
  const body = [
    sectionHtml('Results', table(r), `Solved: test ${r.lossName} < ${formatNumber(r.solvedBelow)}. Ratio: ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ after training (at initialisation). Horizon: steps back from T at which ‖∂L/∂h_t‖ falls below 1e-3 of ‖∂L/∂h_T‖ (T = the whole sequence). Decay/step: the factor per step back of a log-linear fit.`),
    sectionHtml('Learning curves', figureHtml(learning), `Test ${r.lossName} on ${s.testSize} held-out sequences every ${s.evalEvery} steps (log scale); dashed: the trivial baseline, rule: the solved threshold.`),
    sectionHtml('Gradient flow', figureHtml(trained, 'After training') + figureHtml(init, 'At initialisation'),
      `log₁₀ of ‖∂L/∂h_t‖ relative to the last step, over ${s.gradientBatch} test sequences, from the BPTT kernels in float64; the rule at −3 is where the memory horizon ends. Where a curve falls off, the early steps no longer teach the model.`),
    sectionHtml('Settings', settingsTableHtml({
      task: r.task, T: r.length, 'sequence steps': r.sequenceLength, cells: s.cells.join(', '), 'most steps': s.steps, 'minutes per model': s.minutes,
      seed: s.seed, clip: s.clip ?? 'none', 'hidden size': s.hiddenSize, 'batch size': s.batchSize, 'Adam lr': s.lr,
    })),
  ].join('');
  return htmlPage({
    title: `Long-dependency lab: ${r.task}, T = ${r.length}`,
    subtitle: `${models.length} models; trivial baseline ${r.lossName} ${formatNumber(r.baseline)}`,
    body,
  });
}
