/**
 * Frames [T, F] drawn as an image: a heat map with time to the right and feature index upwards
 * (band 0, the lowest frequency, at the bottom, as a spectrogram is read). Long recordings are
 * thinned to at most `maxFrames` columns (every k-th frame) so the SVG stays small.
 */

import { heatmapSvg } from '../../report/heatmap.js';
import type { FrameMatrix } from './baseline.js';

/** Options of {@link frameImageSvg}. */
export interface FrameImageOptions {
  readonly title?: string;
  /** Label of the vertical axis, e.g. 'mel band' or 'MFCC'. */
  readonly yLabel?: string;
  /** Seconds between frames (the hop), for the time labels. Default 0.01. */
  readonly hopSeconds?: number;
  /** Most columns drawn. Default 64. */
  readonly maxFrames?: number;
  /** Rows kept (the first `rows` features, e.g. the static coefficients without deltas). Default all. */
  readonly rows?: number;
}

/**
 * An SVG heat map of `m` (see the file comment).
 *
 * @example
 * const svg = await frameImageSvg(audioFeatures(x, 8000, { kind: 'log-mel', deltas: 0, cmvn: null }), { title: 'log-mel', yLabel: 'mel band' });
 */
export async function frameImageSvg(m: FrameMatrix, options: FrameImageOptions = {}): Promise<string> {
  const hop = options.hopSeconds ?? 0.01;
  const stride = Math.max(1, Math.ceil(m.T / (options.maxFrames ?? 64)));
  const R = Math.min(m.F, options.rows ?? m.F);
  const ts = Array.from({ length: Math.ceil(m.T / stride) }, (_, k) => k * stride);
  const cols = ts.map((t) => (t * hop).toFixed(2));
  const rows = Array.from({ length: R }, (_, k) => String(R - 1 - k)); // top row: the highest feature
  const values = rows.map((_, k) => ts.map((t) => m.frames[t * m.F + (R - 1 - k)]));
  return heatmapSvg({
    rows, cols, values, annotate: false, xLabel: 'seconds', yLabel: options.yLabel, ...(options.title ? { title: options.title } : {}),
    width: Math.min(960, 120 + 9 * cols.length), height: Math.min(420, 80 + 7 * R),
  });
}
