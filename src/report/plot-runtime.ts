/**
 * Where charts get Observable Plot and a DOM to draw into, and how a drawn chart becomes a
 * static string.
 *
 * Both libraries load lazily, on the first chart, and never at import time: the package entry
 * must stay loadable in a browser without an import map for them and must import no Node
 * module at load (Plot and linkedom together also cost ~0.3 s to import, which every user of
 * the library would otherwise pay). In a browser the page's own `document` is used and
 * linkedom is never loaded; in Node a light DOM from linkedom stands in.
 */

import type * as PlotModule from '@observablehq/plot';

/** The Observable Plot module. */
export type PlotLib = typeof PlotModule;

/** Plot and the document it draws into. */
export interface ChartRuntime {
  readonly Plot: PlotLib;
  readonly document: Document;
}

/** Options every chart function takes. */
export interface ChartDocumentOptions {
  /**
   * The DOM document charts are created in. Default: the global `document` where there is one
   * (a browser), else a fresh light DOM from linkedom (Node).
   */
  readonly document?: Document;
}

/**
 * Loads Plot and picks the document to draw into (see {@link ChartDocumentOptions}).
 *
 * @example
 * const { Plot, document } = await loadChartRuntime();
 * const svg = Plot.plot({ document, marks: [Plot.lineY([1, 3, 2])] });
 */
export async function loadChartRuntime(options: ChartDocumentOptions = {}): Promise<ChartRuntime> {
  const Plot = await import('@observablehq/plot');
  const global = (globalThis as { document?: Document }).document;
  const document = options.document ?? global ?? (await import('linkedom')).parseHTML('<!doctype html><html><head></head><body></body></html>').document;
  return { Plot, document };
}

/**
 * Class prefix of every chart (Plot's `className`): the SVG gets `rplot`, its legend
 * `rplot-swatches`, so the page CSS can style them without depending on Plot's hashed default.
 */
export const CHART_CLASS = 'rplot';

/** The frame every chart of the reports shares: size, margins, class and font. */
export function chartFrame(document: Document, size: { width: number; height: number; marginLeft: number }) {
  return { document, width: size.width, height: size.height, marginLeft: size.marginLeft, marginBottom: 40, className: CHART_CLASS, style: { fontSize: '12px' } };
}

/** Attributes that carry coordinates; their numbers are rounded when serialised. */
const GEOMETRY = ['d', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'transform', 'points'];
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/**
 * Serialises a chart element (Plot's `<svg>` or `<figure>`) to HTML, with coordinates rounded
 * to 0.01 px: Plot writes full float64 digits, which would triple the size of a long series.
 *
 * @example
 * serializeChart(Plot.plot({ document, marks: [Plot.lineY([1, 3, 2])] })); // '<svg …><path d="M20,350L…'
 */
export function serializeChart(element: Element): string {
  const round = (s: string) => {
    const v = Math.round(Number(s) * 100) / 100;
    return Object.is(v, -0) ? '0' : String(v);
  };
  for (const el of [element, ...Array.from(element.querySelectorAll('*'))]) {
    for (const name of GEOMETRY) {
      const value = el.getAttribute(name);
      if (value !== null && value.includes('.')) el.setAttribute(name, value.replace(NUMBER, round));
    }
  }
  return element.outerHTML;
}
