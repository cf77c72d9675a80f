// A small SVG line chart for live updates: a few series of [x, y] points, a linear x axis and a
// linear or log-10 y axis, redrawn in place (one <path> per series, whose `d` changes as data
// arrives). The static reports use Observable Plot; here the chart is redrawn several times a
// second, and Plot (an ES module importing d3 by bare names) would need a bundler or an import
// map, which module workers and this dependency-free page do without.

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

/** Round numbers for a linear axis: about `count` ticks over [lo, hi]. */
function linearTicks(lo, hi, count) {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function fmt(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-2 ? v.toExponential(0).replace('e+', 'e') : String(Number(v.toPrecision(3)));
}

export class LineChart {
  /**
   * @param {SVGSVGElement} svg   the chart's element (its viewBox is set here)
   * @param {{ logY?: boolean, xLabel?: string, yLabel?: string, width?: number, height?: number }} options
   */
  constructor(svg, options = {}) {
    this.svg = svg;
    this.logY = options.logY ?? false;
    this.w = options.width ?? 560;
    this.h = options.height ?? 260;
    this.m = { top: 12, right: 16, bottom: 34, left: 56 };
    svg.setAttribute('viewBox', `0 0 ${this.w} ${this.h}`);
    svg.classList.add('chart');
    this.axes = el('g', { class: 'axes' }, svg);
    this.lines = el('g', { class: 'lines' }, svg);
    el('text', { class: 'label', x: this.m.left + (this.w - this.m.left - this.m.right) / 2, y: this.h - 4, 'text-anchor': 'middle' }, svg).textContent = options.xLabel ?? '';
    el('text', { class: 'label', x: 12, y: this.m.top + (this.h - this.m.top - this.m.bottom) / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 12 ${this.m.top + (this.h - this.m.top - this.m.bottom) / 2})` }, svg).textContent = options.yLabel ?? '';
    /** name → { points, className, dashed } */
    this.series = new Map();
    this.paths = new Map();
    this.labels = new Map();
  }

  /**
   * Set (replace) the points of series `name`; `className` styles it (see style.css); `label`,
   * when given, is written beside its first point.
   */
  set(name, points, className = name, label = null) {
    this.series.set(name, { points, className, label });
  }

  delete(name) {
    this.series.delete(name);
    this.paths.get(name)?.remove();
    this.paths.delete(name);
    this.labels.get(name)?.remove();
    this.labels.delete(name);
  }

  clear() {
    for (const name of [...this.series.keys()]) this.delete(name);
  }

  /** y as drawn: log10 on a log axis, where values ≤ 0 (or not finite) are left out. */
  ty(y) {
    if (!Number.isFinite(y)) return NaN;
    return this.logY ? (y > 0 ? Math.log10(y) : NaN) : y;
  }

  render() {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const { points } of this.series.values()) {
      for (const [x, y] of points) {
        const v = this.ty(y);
        if (!Number.isFinite(v)) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (v < y0) y0 = v;
        if (v > y1) y1 = v;
      }
    }
    if (!(x1 >= x0)) { x0 = 0; x1 = 1; }
    if (!(y1 >= y0)) { y0 = 0; y1 = 1; }
    if (x1 === x0) x1 = x0 + 1;
    if (this.logY) { y0 = Math.floor(y0); y1 = Math.max(y0 + 1, Math.ceil(y1)); }
    else if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const { top, right, bottom, left } = this.m;
    const pw = this.w - left - right, ph = this.h - top - bottom;
    const sx = (x) => left + ((x - x0) / (x1 - x0)) * pw;
    const sy = (v) => top + (1 - (v - y0) / (y1 - y0)) * ph;

    this.axes.replaceChildren();
    el('rect', { class: 'frame', x: left, y: top, width: pw, height: ph }, this.axes);
    for (const t of linearTicks(x0, x1, 6)) {
      el('line', { class: 'grid', x1: sx(t), x2: sx(t), y1: top, y2: top + ph }, this.axes);
      el('text', { class: 'tick', x: sx(t), y: top + ph + 14, 'text-anchor': 'middle' }, this.axes).textContent = fmt(t);
    }
    // A log axis with many decades labels every k-th power of ten.
    const yt = this.logY ? Array.from({ length: y1 - y0 + 1 }, (_, i) => y0 + i).filter((d, _, a) => a.length <= 8 || (d - y0) % Math.ceil(a.length / 8) === 0)
      : linearTicks(y0, y1, 5);
    for (const t of yt) {
      el('line', { class: 'grid', x1: left, x2: left + pw, y1: sy(t), y2: sy(t) }, this.axes);
      el('text', { class: 'tick', x: left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, this.axes).textContent = this.logY ? `1e${t}` : fmt(t);
    }

    for (const [name, { points, className, label }] of this.series) {
      let path = this.paths.get(name);
      if (!path) {
        path = el('path', { class: `series ${className}`, 'data-series': name }, this.lines);
        this.paths.set(name, path);
      }
      let d = '';
      let pen = false;
      for (const [x, y] of points) {
        const v = this.ty(y);
        if (!Number.isFinite(v)) { pen = false; continue; }
        d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(v).toFixed(1)}`;
        pen = true;
      }
      path.setAttribute('d', d);
      const first = points.find(([, y]) => Number.isFinite(this.ty(y)));
      if (label && first) {
        let text = this.labels.get(name);
        if (!text) {
          text = el('text', { class: `series-label ${className}` }, this.lines);
          this.labels.set(name, text);
        }
        text.setAttribute('x', (sx(first[0]) + 4).toFixed(1));
        text.setAttribute('y', (sy(this.ty(first[1])) - 4).toFixed(1));
        text.textContent = label;
      }
    }
  }
}
