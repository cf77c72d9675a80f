// Every reader and loader survives hostile files (issue 8): a few hundred mutated files per
// reader, each of which must end in a parse or a RecurrentError within the bounds of case.ts,
// run in a supervised child process (supervise.ts) so that a hang or a fatal V8 abort is a
// failure of its case, not of the test run. One subtest per reader and mutation; a failing case
// prints the command that reproduces it. `RECURRENT_FUZZ_CASES=N` changes the number of cases
// per reader; `npm run fuzz -- --cases N` runs more outside the test suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counts, describeRecord, failuresByKey } from './report.js';
import { supervise } from './supervise.js';
import { TARGETS } from './targets.js';

/**
 * Reader/mutation keys known to fail today, each with the issue item that will fix it. They run
 * and report as `todo` instead of failing; remove an entry when its fix lands (the test then
 * says which entries pass). Every key not listed here fails the test when any of its cases fails.
 */
const KNOWN: Record<string, string> = {
  // Not in issue 8's list; found by this suite (see /tmp/fuzz-findings.md of the session that wrote it).
};

const CASES = Number(process.env.RECURRENT_FUZZ_CASES ?? 200);
const RUN_SEED = 1;

test('fuzz: every reader ends each mutated file in a parse or a RecurrentError, in bounded time and memory', { timeout: 600_000 }, async (t) => {
  const plan = TARGETS.map((x) => ({ reader: x.name, from: 0, to: Math.max(1, Math.round(CASES * (x.weight ?? 1))) }));
  // One child restart per key: a reader that aborts the process once has shown it; its other cases of that mutation are skipped.
  const res = await supervise({ plan, runSeed: RUN_SEED, maxHard: 1 });
  for (const c of counts(res, TARGETS.map((x) => x.name))) {
    t.diagnostic(`${c.reader}: ${c.cases} cases, ${c.parsed} parsed, ${c.rejected} rejected, ${c.failed} failed, ${c.skipped} skipped, ${c.seconds.toFixed(1)} s`);
  }
  const failing = failuresByKey(res.records.filter((r) => r.failure?.kind !== 'harness'));

  await t.test('the suite itself: seeds build, mutators and checks run', () => {
    const broken = res.records.filter((r) => r.failure?.kind === 'harness');
    assert.deepEqual(res.seedErrors, [], 'the seed files could not be written');
    assert.equal(broken.length, 0, broken.slice(0, 5).map((r) => describeRecord(r, RUN_SEED)).join('\n'));
  });

  for (const target of TARGETS) {
    await t.test(`${target.name}: ${target.reads}`, async (tr) => {
      for (const kind of Object.keys(target.mutators)) {
        const key = `${target.name}/${kind}`;
        const fails = failing.get(key) ?? [];
        const ran = res.records.filter((r) => r.reader === target.name && r.kind === kind);
        const skipped = ran.filter((r) => r.outcome === 'skipped').length;
        const known = KNOWN[key];
        await tr.test(kind, known ? { todo: known } : {}, () => {
          if (known && fails.length === 0) tr.diagnostic(`${key} passes now: remove it from KNOWN`);
          assert.equal(fails.length, 0, `${fails.length} of ${ran.length} cases failed${skipped ? ` (${skipped} skipped, as not applicable or after one brought the child down)` : ''}:\n  ${fails.slice(0, 4).map((r) => describeRecord(r, RUN_SEED)).join('\n  ')}`);
        });
      }
    });
  }

  await t.test('KNOWN names only readers and mutations that exist', () => {
    const keys = new Set(TARGETS.flatMap((x) => Object.keys(x.mutators).map((k) => `${x.name}/${k}`)));
    assert.deepEqual(Object.keys(KNOWN).filter((k) => !keys.has(k)), []);
  });
});
