/**
 * The error policy of `src/errors.ts`, kept by a scan of the sources: library code throws
 * RecurrentError subclasses, never a plain `Error`, `RangeError` or `TypeError` (thrown or
 * passed to a promise's `reject`), and never prints (`console.*`); only the CLI (`src/cli`)
 * prints by design. Test files, test helpers and generated files are not library code. Comments and string contents are blanked first,
 * so a TSDoc `@example` that prints, or a message that quotes `new Error(`, is not flagged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = join(process.cwd(), 'src');

/** What the policy forbids, with the fix each finding needs. */
const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\bnew\s+Error\s*\(/, what: 'new Error( (throw or reject with a RecurrentError subclass from src/errors.ts)' },
  { pattern: /\bnew\s+RangeError\s*\(/, what: 'new RangeError( (ValueError, ShapeError or ResourceError)' },
  { pattern: /\bnew\s+TypeError\s*\(/, what: 'new TypeError( (ValueError)' },
  { pattern: /\bconsole\s*\./, what: 'console.* (library code throws or returns; only src/cli prints)' },
];

/** Library sources: every .ts under src/ except tests, test helpers, generated files and src/cli. */
function librarySources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'test-helpers' || p === join(SRC, 'cli')) continue;
      librarySources(p, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('.generated.')) {
      out.push(p);
    }
  }
  return out;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = /\b(return|typeof|instanceof|case|do|else|in|of|void|throw|new|delete|await|yield)$/;

/**
 * `source` with comments and the contents of strings, template text and regular expressions
 * replaced by spaces; newlines and `${…}` expressions are kept, so lines and code stay in place.
 */
function codeOnly(source: string): string {
  const out = source.split('');
  const blank = (i: number): void => { if (out[i] !== '\n') out[i] = ' '; };
  const braces: number[] = []; // open-brace depth at each `${` of an enclosing template
  let depth = 0;
  let i = 0;
  const n = source.length;
  const template = (): void => { // i is just past a backtick or a `}` closing `${`
    while (i < n && source[i] !== '`') {
      if (source[i] === '\\') { blank(i); blank(i + 1); i += 2; continue; }
      if (source[i] === '$' && source[i + 1] === '{') { braces.push(depth); depth++; i += 2; return; }
      blank(i++);
    }
    i++; // closing backtick
  };
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') blank(i++);
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      while (i < stop) blank(i++);
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') blank(i++);
        blank(i++);
      }
      i++;
    } else if (c === '`') {
      i++;
      template();
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
      if (braces.length && braces[braces.length - 1] === depth) { braces.pop(); template(); }
    } else if (c === '/' && startsRegex(source, i)) {
      i++;
      let inClass = false;
      while (i < n && source[i] !== '\n' && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') blank(i++);
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        blank(i++);
      }
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Whether the `/` at `i` opens a regular expression: it follows an operator, a bracket or a keyword. */
function startsRegex(source: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(source[j])) j--;
  if (j < 0) return true;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(source[j])) return true;
  return REGEX_AFTER_WORD.test(source.slice(Math.max(0, j - 10), j + 1));
}

/** `file:line: finding` for each forbidden construct in `source`. */
function findings(file: string, source: string): string[] {
  const found: string[] = [];
  codeOnly(source).split('\n').forEach((line, k) => {
    for (const f of FORBIDDEN) if (f.pattern.test(line)) found.push(`${file}:${k + 1}: ${f.what}`);
  });
  return found;
}

test('the scanner sees code and ignores comments, strings, template text and regular expressions', () => {
  const source = [
    '/** @example console.log(x) */',
    'const a = "throw new Error(" + \'new RangeError(\'; // console.warn',
    'const b = `new TypeError( ${console.log(1)} console.x`;',
    'const r = /console\\./; const q = 1 / 2 / 3;',
    'if (x) throw new Error("no");',
    '  new RangeError(`at ${`nested ${deep}`} end`);',
  ].join('\n');
  assert.deepEqual(findings('x.ts', source).map((f) => f.split(': ')[0]), ['x.ts:3', 'x.ts:5', 'x.ts:6']);
});

test('library code throws RecurrentError subclasses and never prints (file:line of each offender)', () => {
  const found = librarySources(SRC).flatMap((p) => findings(relative(process.cwd(), p).split(sep).join('/'), readFileSync(p, 'utf8')));
  assert.equal(found.length, 0, `forbidden in library code:\n${found.join('\n')}`);
});
