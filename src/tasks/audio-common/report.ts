/** The training section's figure that the audio tasks' report pages share: loss per epoch on the training part (dashed) and the validation part (solid). */

import { lineChartSvg } from '../../report/plots.js';
import { figureHtml, REPORT_COLORS } from '../../report/html.js';

/** One epoch of a stored training history. */
export interface EpochLoss {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number | null;
}

/** The two loss curves of `history` (y axis `yLabel`), or a line saying there is none. */
export async function lossCurvesHtml(history: readonly EpochLoss[], yLabel: string): Promise<string> {
  if (!history.length) return '<p class="empty">No training history.</p>';
  const x = history.map((e) => e.epoch);
  return figureHtml(await lineChartSvg({
    series: [
      { name: 'validation', x, y: history.map((e) => e.valLoss ?? NaN), color: REPORT_COLORS.model, strokeWidth: 2 },
      { name: 'training', x, y: history.map((e) => e.loss), color: '#8c8c8c', dashed: true, opacity: 0.7 },
    ],
    xLabel: 'Epoch', yLabel, height: 260,
  }));
}
