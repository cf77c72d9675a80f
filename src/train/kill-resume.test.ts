import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = 'src/train/test-helpers/train-child.ts';

interface Child { lines: string[]; code: number | null; signal: NodeJS.Signals | null }

/** Run the helper in a fresh Node process; `killAt(line)` true sends it SIGKILL. */
function child(mode: string, dir: string, killAt?: (line: string) => boolean): Promise<Child> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buf = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (killAt?.(line)) p.kill('SIGKILL');
      }
    });
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ lines, code, signal }));
  });
}

const result = (c: Child) => JSON.parse(c.lines.find((l) => l.startsWith('result '))!.slice('result '.length));

test('a run killed with SIGKILL resumes in a fresh process to the same losses, bit for bit, leaving no .partial file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-kill-'));
  const [full, killed] = await Promise.all([
    child('full', dir + '-unused'),
    child('train', dir, (line) => line === 'step 15'),
  ]);
  assert.equal(full.code, 0);
  assert.equal(killed.signal, 'SIGKILL', `the training child should be killed mid-run (last line: ${killed.lines.at(-1)})`);
  assert.ok(!killed.lines.some((l) => l.startsWith('result ')));
  // as a writer killed mid-write would leave it
  writeFileSync(join(dir, '.last.ckpt.999-0123456789ab.partial'), 'half a checkpoint');

  const resumed = await child('resume', dir);
  assert.equal(resumed.code, 0);
  const start = Number(resumed.lines[0].split(' ')[1]);
  const lastPrinted = Number(killed.lines.filter((l) => l.startsWith('step ')).at(-1)!.split(' ')[1]);
  assert.ok(start >= 14 && start <= lastPrinted && start % 2 === 0, `resumed from the last checkpoint (every 2 steps) before the kill at step ${lastPrinted}, got step ${start}`);
  assert.equal(resumed.lines[1], `step ${start + 1}`);
  assert.deepEqual(result(resumed), result(full));
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.partial')), []);
  rmSync(dir, { recursive: true });
});
