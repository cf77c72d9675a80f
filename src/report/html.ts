/**
 * The page shell of a report: one self-contained HTML document with inline CSS, no script,
 * no font or stylesheet from the network (a Content-Security-Policy meta tag forbids any
 * request, so a stray reference fails closed instead of phoning home). Every text that comes
 * from a caller goes through {@link escapeHtml}.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for use inside HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>'); // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Colours shared by the page CSS and the charts, so a table row and a line match. */
export const REPORT_COLORS = {
  /** Observed values: near black, drawn on top. */
  actual: '#1f2328',
  /** The model's forecast: the one strong colour of the page. */
  model: '#2563eb',
  /** Prediction interval band behind the lines (a light tint of the model colour). */
  band: '#c7d7fb',
  /** Baselines: the Okabe–Ito colour-blind-safe palette, drawn thinner and lighter. */
  baselines: ['#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8c8c8c', '#f0e442'],
} as const;

/** Inline stylesheet of every report: system fonts only, readable at 1000 px and on paper. */
const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: ${REPORT_COLORS.model}; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 24px 48px; }
header h1 { font-size: 22px; margin: 0 0 4px; }
header .subtitle { color: var(--muted); margin: 0; }
ul.notes { margin: 12px 0 0; padding: 10px 14px 10px 30px; background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 6px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-top: 16px; }
section h2 { font-size: 16px; margin: 0 0 2px; }
section h3 { font-size: 13px; color: var(--muted); margin: 0 0 4px; }
section p.caption { color: var(--muted); margin: 0 0 10px; font-size: 13px; }
.row { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; }
.tables { display: flex; flex-wrap: wrap; gap: 16px 48px; align-items: flex-start; }
.row > figure, .row > div { margin: 0; min-width: 0; }
figure.chart { margin: 8px 0 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figure { margin: 0; }
.rplot-swatches { font-size: 12px; margin-left: 56px; }
figure.chart figcaption { font-size: 13px; font-weight: 600; margin-bottom: 4px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; display: block; max-width: 100%; overflow-x: auto; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
tr.model td { background: #eef3fe; }
tr.model td:first-child { border-left: 3px solid var(--accent); font-weight: 600; }
td.best { font-weight: 700; }
table.settings td:first-child { color: var(--muted); }
table.settings td { text-align: left; }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 760px) { .row { grid-template-columns: 1fr; } }
@media print { body { background: #fff; } section { break-inside: avoid; border: none; padding: 8px 0; } }
`;

/** What {@link htmlPage} puts around a report body. */
export interface HtmlPageOptions {
  /** Document title and `<h1>`: plain text, escaped here. */
  readonly title: string;
  /** One line under the title: plain text, escaped here. */
  readonly subtitle?: string;
  /** Short notes shown as a list under the title: plain text, escaped here. */
  readonly notes?: readonly string[];
  /** The body sections as HTML, already escaped by whoever built them. */
  readonly body: string;
}

/**
 * Wraps report sections into a whole HTML document with the inline stylesheet.
 *
 * @example
 * const html = htmlPage({ title: 'Forecast of sales', subtitle: 'LSTM, 1 024 rows', body: '<section>…</section>' });
 * html.startsWith('<!doctype html>'); // true
 */
export function htmlPage(options: HtmlPageOptions): string {
  const subtitle = options.subtitle ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>` : '';
  const notes = options.notes?.length ? `<ul class="notes">${options.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(options.title)}</h1>${subtitle}${notes}</header>
${options.body}
</main>
</body>
</html>
`;
}

/**
 * One titled section of a report. `content` is HTML (charts, tables); title and caption are
 * plain text and escaped here.
 *
 * @example
 * sectionHtml('Training', await lineChartSvg({ series }), 'Loss per epoch; lower is better.');
 */
export function sectionHtml(title: string, content: string, caption?: string): string {
  const cap = caption ? `<p class="caption">${escapeHtml(caption)}</p>` : '';
  return `<section><h2>${escapeHtml(title)}</h2>${cap}${content}</section>\n`;
}

/**
 * A chart in a `<figure>` with an optional small heading. `chart` is the HTML from a chart
 * function; `caption` is plain text, escaped here.
 *
 * @example
 * figureHtml(await histogramSvg({ values: residuals }), 'Distribution of residuals');
 */
export function figureHtml(chart: string, caption?: string): string {
  const cap = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `<figure class="chart">${cap}${chart}</figure>`;
}
