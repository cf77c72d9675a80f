import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readVectors } from './formats.js';
import { plantedCorpus } from './test-helpers/planted.js';

const command = new URL('../cli/word2vec-command.ts', import.meta.url).href;

/** Runs `recurrent word2vec <args>` in a child process (the test runner owns this one's stdout). */
function run(args: string[]): { out: string; err: string; status: number | null } {
  const script = `import { word2vecCommand } from ${JSON.stringify(command)};\nawait word2vecCommand().parseAsync(process.argv.slice(1), { from: 'user' });\n`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

test('word2vec train, similar and analogy from the command line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'w2v-cli-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, plantedCorpus(2000));
    for (const format of ['bin', 'text']) {
      const vectors = join(dir, `v.${format}`);
      const { out, err, status } = run(['train', corpus, '--out', vectors, '--format', format, '--model', 'skipgram', '--size', '16', '--min-count', '1', '--epochs', '2', '--threads', '1', '--sample', '0', '--no-progress']);
      assert.equal(status, 0, err);
      assert.match(out, /^[\d,]+ words\/s \([\d,]+ after subsampling\); vectors written to /);
      assert.match(err, /vocabulary 32 words, corpus 20,000 words × 2 epochs, 1 thread/);
      const kv = await readVectors(vectors, format === 'bin' ? 'word2vec-binary' : 'word2vec-text');
      assert.equal(kv.dim, 16);
    }
    const sim = run(['similar', join(dir, 'v.bin'), 'g1w1', '-n', '3']);
    const lines = sim.out.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => /^g1w\d\t-?\d\.\d{4}$/.test(l)), sim.out);
    const an = run(['analogy', join(dir, 'v.text'), 'g0w0', 'g0w1', 'g2w0', '--method', '3CosMul', '-n', '2']);
    assert.equal(an.out.trim().split('\n').length, 2);
    const bad = run(['train', corpus, '--out', join(dir, 'x'), '--model', 'glove']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /Allowed choices are cbow, skipgram/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
