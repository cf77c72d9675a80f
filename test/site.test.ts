import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { rewriteBareImports, startSiteServer, type SiteServer } from '../src/cli/commands/serve.js';

// The page of `recurrent serve` in headless Chromium: it trains the adding problem and the
// character model live in a worker on the WebAssembly backend, and its charts change as it does.
// Served once cross-origin isolated (wasm on shared memory) and once without isolation (/plain/),
// where the backend must still be wasm: its one-thread build on unshared memory.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`
  : !existsSync('dist/index.js') ? 'dist/ not built (run npm run build)' : null;
if (skip) console.log(`site.test: skipped: ${skip}`);

interface SiteState {
  backend: { name: string; threads: number; isolated: boolean; sharedMemory: boolean; error?: string } | null;
  adding: { steps: number; norms: number; loss?: number; ratio?: number };
  chars: { steps: number; samples: number; sample?: string };
  errors: string[];
}

const noDist = existsSync('dist/index.js') ? null : 'dist/ not built (run npm run build)';
let server: SiteServer;
let browser: Browser;

before(async () => {
  if (noDist) return;
  server = await startSiteServer(0);
  if (skip) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('serve: 127.0.0.1 only, isolation headers at / and none under /plain/, nothing outside site/ and dist/', { skip: noDist ?? false }, async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const get = (path: string) => fetch(new URL(path, server.url));
  const isolated = await get('/');
  assert.equal(isolated.status, 200);
  assert.equal(isolated.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(isolated.headers.get('cross-origin-embedder-policy'), 'require-corp');
  assert.match(await isolated.text(), /Vanishing gradients/);
  const plain = await get('/plain/');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('cross-origin-embedder-policy'), null);
  assert.equal(plain.headers.get('cross-origin-opener-policy'), null);
  assert.equal((await get('/plain/site/worker.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
  for (const path of ['/package.json', '/src/index.ts', '/site/../package.json', '/%2e%2e/package.json', '/dist/../README.md', '/@pkg/commander/index.js', '/nope']) {
    const r = await get(path);
    assert.equal(r.status, 404, `${path}: ${r.status}`);
  }
  const { request } = await import('node:http');
  const rebound = await new Promise<number>((ok, fail) => {
    request(new URL('/', server.url), { headers: { Host: 'evil.example:80' } }, (r) => { r.resume(); ok(r.statusCode ?? 0); }).on('error', fail).end();
  });
  assert.equal(rebound, 403, 'a request with a foreign Host header must be refused');
  // Module workers have no import maps: bare names become the files of the browser build.
  const csv = await (await get('/dist/timeseries/csv-columns.js')).text();
  assert.match(csv, /from '\/@pkg\/csv-parse\/dist\/esm\/sync\.js'/);
  assert.equal((await get('/@pkg/csv-parse/dist/esm/sync.js')).status, 200);
  assert.match((await (await get('/plain/dist/timeseries/csv-columns.js')).text()), /from '\/plain\/@pkg\/csv-parse\//);
  assert.equal(rewriteBareImports("import { a } from './a.js';\nimport 'node:fs';\nexport * from \"/b.js\";", ''), "import { a } from './a.js';\nimport 'node:fs';\nexport * from \"/b.js\";");
});

const state = (tab: Page) => tab.evaluate(() => (window as unknown as { __site: SiteState }).__site);

/** Wait until `cond(state)` holds; fail with the last state and any page errors. */
async function until(tab: Page, cond: string, timeout = 90_000): Promise<SiteState> {
  try {
    await tab.waitForFunction(`(() => { const s = window.__site; return s && s.errors.length === 0 && (${cond}); })()`, undefined, { timeout, polling: 200 });
  } catch (e) {
    assert.fail(`waiting for ${cond}: ${(e as Error).message.split('\n')[0]}; state ${JSON.stringify(await state(tab).catch(() => null)).slice(0, 2000)}`);
  }
  return state(tab);
}

const pathD = (tab: Page, chart: string, series: string) =>
  tab.$eval(`#${chart} path[data-series="${series}"]`, (p) => p.getAttribute('d') ?? '');

/**
 * The chart's path once it differs from `before`: the page redraws a chart after the state it
 * plots has moved on (on a loaded machine by a second or more), so a change is waited for, up to
 * `timeout`; the unchanged path comes back if it never changes.
 */
async function pathChanged(tab: Page, chart: string, series: string, before: string, timeout = 30_000): Promise<string> {
  await tab.waitForFunction(
    ([sel, d]) => (document.querySelector(sel)?.getAttribute('d') ?? '') !== d,
    [`#${chart} path[data-series="${series}"]`, before] as const,
    { timeout, polling: 200 },
  ).catch(() => undefined);
  return pathD(tab, chart, series);
}

/** Share of non-white pixels and distinct colours of a PNG, decoded by the page. */
function pixelStats(tab: Page, png: Buffer): Promise<{ width: number; height: number; inked: number; colours: number }> {
  return tab.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) inked++;
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    return { width: c.width, height: c.height, inked: inked / (d.length / 4), colours: colours.size };
  }, png.toString('base64'));
}

test('the page trains the adding problem live on wasm (shared memory) and its curves change', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const pageErrors: string[] = [];
  tab.on('pageerror', (e) => pageErrors.push(String(e)));
  await tab.goto(server.url);
  let s = await until(tab, 's.backend !== null');
  assert.equal(s.backend!.error, undefined, s.backend!.error);
  assert.deepEqual({ name: s.backend!.name, isolated: s.backend!.isolated, sharedMemory: s.backend!.sharedMemory }, { name: 'wasm', isolated: true, sharedMemory: true });
  assert.match(await tab.textContent('#backend') ?? '', /wasm \(shared memory/);

  // The tanh RNN at T = 50: the gradient reaching the first step is a sliver of the last step's.
  await tab.selectOption('#cell', 'rnn');
  await tab.selectOption('#length', '50');
  await tab.click('#adding-start');
  s = await until(tab, 's.adding.norms >= 2 && s.adding.steps >= 10');
  const rnnRatio = s.adding.ratio!;
  const loss1 = await pathD(tab, 'loss-chart', 'loss');
  const norms1 = await pathD(tab, 'norms-chart', 'now');
  assert.ok(loss1.length > 20 && norms1.length > 20, `empty paths: loss '${loss1}', norms '${norms1}'`);
  s = await until(tab, `s.adding.norms >= ${s.adding.norms + 2}`);
  const loss2 = await pathChanged(tab, 'loss-chart', 'loss', loss1);
  const norms2 = await pathChanged(tab, 'norms-chart', 'now', norms1);
  assert.notEqual(loss2, loss1, 'the loss curve did not change');
  assert.notEqual(norms2, norms1, 'the gradient-norm curve did not change');
  assert.ok(Number.isFinite(s.adding.loss) && s.adding.loss! < 2, `loss ${s.adding.loss}`);

  // The LSTM at the same length keeps far more of it: with forget-gate bias 1, and level with
  // the chrono initialisation. (Seeded: the same numbers every run.)
  const ratios: Record<string, number> = { rnn: rnnRatio };
  for (const cell of ['lstm', 'lstm-chrono']) {
    await tab.selectOption('#cell', cell);
    await tab.click('#adding-start'); // stops the run before
    await tab.click('#adding-start');
    s = await until(tab, `s.adding.cell === "${cell}" && s.adding.norms >= 1 && s.adding.steps >= 3`);
    ratios[cell] = s.adding.ratio!;
  }
  const shown = `‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at T = 50: ${JSON.stringify(ratios)}`;
  assert.ok(ratios.rnn < 1e-6, shown);
  assert.ok(ratios.lstm > 100 * ratios.rnn, shown);
  assert.ok(ratios['lstm-chrono'] > 5e-4 && ratios['lstm-chrono'] > 1e5 * ratios.rnn, shown);

  // The character model prints samples.
  await tab.click('#chars-start');
  s = await until(tab, 's.chars.samples >= 1 && s.chars.steps >= 3');
  assert.ok((s.chars.sample ?? '').startsWith('Alice ') && s.chars.sample!.length > 100, `sample ${JSON.stringify(s.chars.sample)}`);
  assert.equal(await tab.textContent('#sample'), s.chars.sample);
  const chars1 = await pathD(tab, 'chars-chart', 'loss');
  await until(tab, `s.chars.steps >= ${s.chars.steps + 3}`);
  assert.notEqual(await pathChanged(tab, 'chars-chart', 'loss', chars1), chars1, 'the character loss curve did not change');
  await tab.click('#chars-start'); // stop

  const png = await tab.screenshot({ fullPage: true });
  const px = await pixelStats(tab, png);
  assert.ok(px.width >= 1000 && px.height >= 600, `screenshot ${px.width}×${px.height}`);
  assert.ok(px.inked > 0.02 && px.colours > 50, `screenshot looks blank: ${(px.inked * 100).toFixed(1)} % inked, ${px.colours} colours`);
  assert.deepEqual(pageErrors, []);
  await tab.close();
});

test('without cross-origin isolation the page still trains on wasm: unshared memory, one thread', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const tab = await browser.newPage();
  await tab.goto(`${server.url}plain/`);
  let s = await until(tab, 's.backend !== null');
  assert.equal(s.backend!.error, undefined, s.backend!.error);
  assert.deepEqual({ ...s.backend, type: undefined }, { type: undefined, name: 'wasm', threads: 1, isolated: false, sharedMemory: false });
  assert.match(await tab.textContent('#backend') ?? '', /wasm \(unshared memory, 1 thread\)/);
  await tab.selectOption('#length', '25');
  await tab.click('#adding-start');
  s = await until(tab, 's.adding.norms >= 2 && s.adding.steps >= 10');
  assert.ok(Number.isFinite(s.adding.loss) && s.adding.loss! < 2, `loss ${s.adding.loss}`);
  await tab.close();
});
