/**
 * The worker must also start from compiled JavaScript (dist/), where no TypeScript loader is
 * present: transpile this folder and its imports to a temporary tree and train there with two
 * threads in a plain `node` process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '..');

test('compiled to JavaScript, training on two worker threads works without tsx', () => {
  const out = mkdtempSync(join(tmpdir(), 'w2v-dist-'));
  try {
    // This folder plus every relative import reachable from it, transpiled file by file.
    const todo = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join('word2vec', f));
    const done = new Set<string>();
    while (todo.length > 0) {
      const f = normalize(todo.pop()!);
      if (done.has(f)) continue;
      done.add(f);
      const source = readFileSync(join(src, f), 'utf8');
      for (const m of source.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) todo.push(join(dirname(f), m[1] + '.ts'));
      const js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      mkdirSync(dirname(join(out, f)), { recursive: true });
      writeFileSync(join(out, f.replace(/\.ts$/, '.js')), js);
    }
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    const script = `
      import { trainWord2Vec } from './word2vec/index.js';
      const text = Array.from({ length: 2000 }, (_, i) => 'a b c d e f g h'.split(' ').map((w) => w + (i % 3)).join(' ')).join('\\n');
      const r = await trainWord2Vec({ text }, { threads: 2, size: 8, minCount: 1, epochs: 2 });
      console.log(JSON.stringify({ threads: r.stats.threads, words: r.wv.size, loader: process.execArgv }));
    `;
    writeFileSync(join(out, 'main.js'), script);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const res = spawnSync(process.execPath, [join(out, 'main.js')], { encoding: 'utf8', env });
    assert.equal(res.status, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), { threads: 2, words: 24, loader: [] });
  } finally {
    rmSync(out, { recursive: true });
  }
});
