// The page: starts and stops the training worker, and draws what it posts (charts redrawn at most
// once per animation frame). What it shows is also kept in `window.__site` for tests.
import { LineChart } from './chart.js';
import { TEXT_SOURCE } from './text.js';
import { ADDING_BASELINE } from '../dist/tasks/lab/adding.js'; // a constant; the page itself does not load the whole library

const $ = (id) => document.getElementById(id);
const CELL_NAMES = { rnn: 'tanh RNN', lstm: 'LSTM (forget bias 1)', 'lstm-chrono': 'LSTM (chrono init)', gru: 'GRU' };
/** Earlier runs whose last norm curve stays on the chart. */
const KEEP_RUNS = 4;

const site = { backend: null, adding: { steps: 0, norms: 0 }, chars: { steps: 0, samples: 0 }, errors: [] };
window.__site = site;

const lossChart = new LineChart($('loss-chart'), { logY: true, xLabel: 'training step', yLabel: 'MSE' });
const normsChart = new LineChart($('norms-chart'), { logY: true, xLabel: 'time step t', yLabel: '‖∂L/∂h_t‖' });
const charsChart = new LineChart($('chars-chart'), { logY: false, xLabel: 'training step', yLabel: 'nats / char' });
$('text-source').textContent = TEXT_SOURCE;

const plain = location.pathname.startsWith('/plain');
$('other-mode').href = plain ? '../' : 'plain/';
$('other-mode').textContent = plain ? 'the same page cross-origin isolated' : 'the same page without cross-origin isolation';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
/** Messages sent: the worker numbers its runs by the messages it has received, so a start's run is this count. */
let sent = 0;
function post(message) {
  worker.postMessage(message);
  return ++sent;
}

/** What is running: null, or { task, run, label } (run: the worker's number of it). */
let current = null;
let lossPoints = [];
let charsPoints = [];
let firstNorms = null;
let lastNorms = null;
/** [label, curve] of earlier adding runs. */
const earlier = [];
let dirty = false;

function redraw() {
  dirty = false;
  lossChart.render();
  normsChart.render();
  charsChart.render();
}
function later() {
  if (!dirty) {
    dirty = true;
    requestAnimationFrame(redraw);
  }
}

const curve = (norms) => norms.map((v, t) => [t + 1, v]);

function stop() {
  if (current?.task === 'adding' && lastNorms) {
    earlier.unshift([current.label, lastNorms]);
    earlier.length = Math.min(earlier.length, KEEP_RUNS);
  }
  current = null;
  post({ type: 'stop' });
  $('adding-start').textContent = 'Start';
  $('chars-start').textContent = 'Start';
  $('adding-status').textContent = 'stopped';
  $('chars-status').textContent = 'stopped';
}

$('adding-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (current?.task === 'adding') return stop();
  if (current) stop();
  const cell = $('cell').value;
  const length = Number($('length').value);
  current = { task: 'adding', label: `${CELL_NAMES[cell]}, T = ${length}` };
  site.adding = { steps: 0, norms: 0, cell, length };
  lossPoints = [];
  firstNorms = lastNorms = null;
  lossChart.clear();
  lossChart.set('baseline', [[0, ADDING_BASELINE], [1, ADDING_BASELINE]]);
  lossChart.set('loss', lossPoints);
  normsChart.clear();
  earlier.forEach(([label, c], i) => normsChart.set(`other${i}`, curve(c), 'other', label));
  $('adding-start').textContent = 'Stop';
  $('adding-status').textContent = `starting ${current.label}…`;
  current.run = post({ type: 'start', task: 'adding', cell, length });
  later();
});

$('chars-start').addEventListener('click', () => {
  if (current?.task === 'chars') return stop();
  if (current) stop();
  current = { task: 'chars', label: 'character LSTM' };
  site.chars = { steps: 0, samples: 0 };
  charsPoints = [];
  charsChart.clear();
  charsChart.set('loss', charsPoints);
  $('chars-start').textContent = 'Stop';
  $('chars-status').textContent = 'starting…';
  current.run = post({ type: 'start', task: 'chars' });
  later();
});

function describeBackend(b) {
  if (b.name !== 'wasm') return `backend: ${b.name} — WebAssembly did not load: ${b.error ?? 'unknown reason'}`;
  const memory = b.sharedMemory ? 'shared memory' : 'unshared memory';
  return `backend: wasm (${memory}, ${b.threads} thread${b.threads === 1 ? '' : 's'}) — page ${b.isolated ? '' : 'not '}cross-origin isolated`;
}

worker.onerror = (ev) => {
  // A worker that fails to load (or throws outside a run) is reported here, not in onmessage.
  const message = ev.message || 'the training worker failed to load';
  site.errors.push(message);
  $('backend').textContent = `error: ${message}`;
};

worker.onmessage = (ev) => {
  const m = ev.data;
  if (m.type === 'backend') {
    site.backend = m;
    $('backend').textContent = describeBackend(m);
    document.body.dataset.backend = m.name;
    return;
  }
  if (m.type === 'error') {
    site.errors.push(m.message);
    $('backend').textContent = `error: ${m.message.split('\n')[0]}`;
    return;
  }
  // Messages of a run that was stopped may still be in flight.
  if (!current) return;
  if (m.run !== current.run) return;
  if (m.type === 'loss' && m.task === 'adding') {
    lossPoints.push([m.step, m.loss]);
    lossChart.set('baseline', [[1, ADDING_BASELINE], [Math.max(2, m.step), ADDING_BASELINE]]);
    site.adding.steps = m.step;
    site.adding.loss = m.loss;
    const recent = lossPoints.slice(-50);
    const mean = recent.reduce((a, [, v]) => a + v, 0) / recent.length;
    $('adding-status').textContent = `${current.label}: step ${m.step}, MSE ${mean.toFixed(4)} (mean of last ${recent.length}), ${m.ms.toFixed(0)} ms/step`;
  } else if (m.type === 'norms') {
    lastNorms = m.norms;
    firstNorms ??= m.norms;
    normsChart.set('first', curve(firstNorms), 'first');
    normsChart.set('now', curve(lastNorms), 'now');
    site.adding.norms++;
    site.adding.ratio = m.norms[0] / m.norms[m.norms.length - 1];
  } else if (m.type === 'loss' && m.task === 'chars') {
    charsPoints.push([m.step, m.loss]);
    site.chars.steps = m.step;
    $('chars-status').textContent = `step ${m.step}, loss ${m.loss.toFixed(3)} nats/char, ${m.ms.toFixed(0)} ms/step`;
  } else if (m.type === 'sample') {
    $('sample').textContent = m.text;
    $('sample-step').textContent = `sample after step ${m.step}`;
    site.chars.samples++;
    site.chars.sample = m.text;
  }
  later();
};
