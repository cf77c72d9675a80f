// `recurrent translate …` and `recurrent chat` as a user runs them: JSON lines whose last line is
// the result, the files in --out, translations of arguments and of standard input, a chat over
// piped input, and one-line errors with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIALOGUE_DEFAULTS } from '../../tasks/seq2seq/options.js';
import { CHAT_DEFAULTS } from '../../tasks/seq2seq/conversation.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-translate-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000, input });
}

// 200 toy pairs: digit words, English → French, reversed.
const en = ['one', 'two', 'three', 'four'], fr = ['un', 'deux', 'trois', 'quatre'];
const lines: string[] = [];
for (let i = 0; i < 200; i++) {
  const ids = [i % 4, (i >> 2) % 4, (i >> 4) % 4].slice(0, 1 + (i % 3));
  lines.push(`${ids.map((k) => en[k]).join(' ')} .\t${[...ids].reverse().map((k) => fr[k]).join(' ')} .`);
}
const tsv = path.join(dir, 'pairs.tsv');
writeFileSync(tsv, lines.join('\n') + '\n');
const quick = ['--hidden-size', '8', '--embedding-dim', '8', '--epochs', '2', '--beam', '3', '--minutes', 'none'];
const model = path.join(dir, 'model');

test('translate train --json: epoch events, then the result with BLEU greedy and beam; the files in --out', () => {
  const r = cli(['translate', 'train', tsv, '--attention', 'luong-general', ...quick, '--out', model, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].event, 'start');
  assert.deepEqual([events[0].trainPairs, events[0].testPairs], [180, 20], '10% held out');
  assert.equal(events.filter((e) => e.event === 'epoch').length, 2);
  const last = events[events.length - 1];
  assert.equal(last.event, 'result');
  assert.equal(typeof last.bleu.greedy, 'number');
  assert.equal(typeof last.bleu.beam, 'number');
  assert.equal(last.beam, 3);
  assert.ok(last.tokenAccuracy >= 0 && last.tokenAccuracy <= 1);
  assert.equal(last.out, model);
  for (const f of ['model.safetensors', 'translator.json', 'metrics.json', 'report.html']) assert.ok(existsSync(path.join(model, f)), f);
  assert.deepEqual(JSON.parse(readFileSync(path.join(model, 'metrics.json'), 'utf8')).bleu, last.bleu);
  const html = readFileSync(path.join(model, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /Attention/);
  assert.equal(JSON.parse(readFileSync(path.join(model, 'translator.json'), 'utf8')).options.attention, 'general');
});

test('translate --model: sentences as arguments, as standard input, and as JSON with attention', () => {
  const a = cli(['translate', '--model', model, 'one two .', 'three .', '--beam', '2']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout.split('\n').length, 3, 'one line per sentence');
  const b = cli(['translate', '--model', model, '--beam', '2'], 'one two .\n\nthree .\n');
  assert.equal(b.status, 0, b.stderr);
  assert.equal(b.stdout, a.stdout, 'standard input gives the same translations');
  const j = cli(['translate', '--model', model, '--json', 'one two .']);
  assert.equal(j.status, 0, j.stderr);
  const t = JSON.parse(j.stdout.trim());
  assert.equal(t.event, 'translation');
  assert.deepEqual(t.sourceTokens, ['one', 'two', '.', '<eos>']);
  for (const row of t.attention) assert.ok(Math.abs(row.reduce((x: number, y: number) => x + y, 0) - 1) < 1e-3);
});

test('chat --model: a reply per piped line until /quit', () => {
  const r = cli(['chat', '--model', model], 'one .\ntwo three .\n/quit\nfour .\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n').length, 3, 'two replies, nothing after /quit');
});

test('translate train --pairs-from-dialogue: pairs from speech blocks', () => {
  const play = path.join(dir, 'play.txt');
  const blocks: string[] = [];
  for (let i = 0; i < 60; i++) blocks.push(`${i % 2 ? 'BOB' : 'ANN'}:\n${en[i % 4]} ${en[(i >> 2) % 4]} .`);
  writeFileSync(play, blocks.join('\n\n') + '\n');
  const r = cli(['translate', 'train', '--pairs-from-dialogue', play, ...quick, '--out', path.join(dir, 'chat'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const start = JSON.parse(r.stdout.split('\n')[0]);
  assert.equal(start.pairs, 59);
  const saved = (name: string) => JSON.parse(readFileSync(path.join(dir, name, 'translator.json'), 'utf8')).options;
  assert.equal(saved('chat').minCount, DIALOGUE_DEFAULTS.minCount, 'the dialogue defaults');
  assert.equal(saved('chat').context, false);
  // --context 1: sources hold the speech before; an explicit flag beats the dialogue default
  const c = cli(['translate', 'train', '--pairs-from-dialogue', play, ...quick, '--context', '1', '--min-count', '3', '--out', path.join(dir, 'chat-context'), '--json']);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(saved('chat-context').context, true);
  assert.equal(saved('chat-context').minCount, 3);
  const talk = cli(['chat', '--model', path.join(dir, 'chat-context')], 'one two .\nthree .\nfour .\n');
  assert.equal(talk.status, 0, talk.stderr);
  assert.equal(talk.stdout.trim().split('\n').length, 3);
  assert.doesNotMatch(talk.stdout, /<unk>|<pad>|<bos>|<sep>/);
  const alone = cli(['chat', '--model', path.join(dir, 'chat-context'), '--context', '0'], 'one two .\nthree .\n');
  assert.equal(alone.status, 0, alone.stderr);
});

test('chat --temperature/--top-k/--top-p --seed: drawn replies, the same seed the same conversation', () => {
  const input = 'one .\ntwo three .\nfour four .\none .\n';
  const a = cli(['chat', '--model', model, '--temperature', '1.5', '--top-p', '0.95', '--seed', '4'], input);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout.trim().split('\n').length, 4);
  const b = cli(['chat', '--model', model, '--temperature', '1.5', '--top-p', '0.95', '--seed', '4'], input);
  assert.equal(b.stdout, a.stdout, 'reproducible');
  const k = cli(['chat', '--model', model, '--top-k', '1'], input);
  const g = cli(['chat', '--model', model, '--beam', '1'], input);
  assert.equal(k.status, 0, k.stderr);
  assert.equal(k.stdout, g.stdout, 'top-k 1 is greedy');
  const d = cli(['chat', '--model', model], input);
  const e = cli(['chat', '--model', model, '--temperature', String(CHAT_DEFAULTS.temperature), '--top-p', String(CHAT_DEFAULTS.topP), '--seed', String(CHAT_DEFAULTS.seed)], input);
  assert.equal(d.status, 0, d.stderr);
  assert.equal(d.stdout, e.stdout, 'by default replies are drawn with CHAT_DEFAULTS');
});

for (const [name, args, input, message] of [
  ['no --model', ['translate', 'hello'], undefined, /--model DIR is required/],
  ['a folder that is no model', ['translate', '--model', dir, 'hello'], undefined, /no translator\.json here/],
  ['chat without a model folder', ['chat', '--model', path.join(dir, 'missing')], '', /no translator\.json here|cannot open/],
  ['a missing pairs file', ['translate', 'train', path.join(dir, 'nope.tsv')], undefined, /cannot open|no such file/],
  ['neither pairs nor dialogue', ['translate', 'train'], undefined, /missing PAIRS\.tsv/],
  ['a line without a tab', ['translate', 'train', 'BAD'], undefined, /line 2 has no tab/],
  ['an unknown attention', ['translate', 'train', tsv, '--attention', 'cosine'], undefined, /Allowed choices are bahdanau, luong, luong-general/],
  ['dot attention with a bidirectional encoder', ['translate', 'train', tsv, '--attention', 'luong'], undefined, /bidirectional/],
  ['a hidden size of 0', ['translate', 'train', tsv, '--hidden-size', '0'], undefined, /hiddenSize/],
  ['a beam of 0', ['translate', '--model', 'MODEL', '--beam', '0', 'one .'], undefined, /beam must be an integer/],
  ['a bad test fraction', ['translate', 'train', tsv, '--test-fraction', '1'], undefined, /--test-fraction/],
  ['--context 1 with a TSV file', ['translate', 'train', tsv, '--context', '1'], undefined, /--context 1 needs --pairs-from-dialogue/],
  ['--context 2', ['translate', 'train', tsv, '--context', '2'], undefined, /--context must be 0 or 1/],
  ['chat --beam with --temperature', ['chat', '--model', 'MODEL', '--beam', '2', '--temperature', '0.8'], 'one .\n', /exclude each other/],
  ['chat --seed with --beam', ['chat', '--model', 'MODEL', '--seed', '3', '--beam', '2'], 'one .\n', /exclude each other/],
  ['chat --length-penalty without --beam', ['chat', '--model', 'MODEL', '--length-penalty', '1'], 'one .\n', /give --beam with it/],
  ['chat --top-p 2', ['chat', '--model', 'MODEL', '--top-p', '2'], 'one .\n', /topP must be a number in \(0, 1\]/],
  ['chat --temperature -1', ['chat', '--model', 'MODEL', '--temperature', '-1'], 'one .\n', /temperature must be/],
  ['chat --context 1 on a model trained without', ['chat', '--model', 'MODEL', '--context', '1'], 'one .\n', /trained with context/],
  ['chat --context 2', ['chat', '--model', 'MODEL', '--context', '2'], 'one .\n', /--context must be 0 or 1/],
] as const) {
  test(`translate/chat user error is one line with exit code 2: ${name}`, () => {
    const bad = path.join(dir, 'bad.tsv');
    writeFileSync(bad, 'one .\tun .\nno tab here\n');
    const r = cli(args.map((a) => (a === 'BAD' ? bad : a === 'MODEL' ? model : a)), input);
    assert.equal(r.status, 2, `exit code (stderr: ${r.stderr})`);
    const errLines = r.stderr.trim().split('\n');
    assert.equal(errLines.length, 1, `one line, got: ${r.stderr}`);
    assert.match(errLines[0], message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}
