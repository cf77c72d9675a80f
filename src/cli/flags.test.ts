import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { numOrNone, orNull } from './flags.js';

test("a flag given as 'none' reaches the options as null, through commander (which turns a parser's null into '')", () => {
  const parse = (argv: string[]) => {
    const p = new Command().exitOverride().option('--clip-norm <n>', '', numOrNone, 1 as number | 'none');
    p.parse(['node', 'x', ...argv]);
    return orNull(p.opts().clipNorm as number | 'none');
  };
  assert.equal(parse(['--clip-norm', 'none']), null);
  assert.equal(parse(['--clip-norm', ' none ']), null);
  assert.equal(parse(['--clip-norm', '2.5']), 2.5);
  assert.equal(parse([]), 1);
  assert.throws(() => parse(['--clip-norm', 'off']));
});
