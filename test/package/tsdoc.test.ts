import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

// Every name the package exports (the root and each subpath of package.json's exports map)
// carries a TSDoc comment, so the API reference (npm run docs) documents all of it. The names
// come from the TypeScript compiler's view of each entry, `export *` chains followed to the
// declaration; a name is documented when its declaration (any one of an overload set or of a
// merged class and namespace) has a comment.

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The public entries: package.json "exports" → their sources. */
export const PUBLIC_ENTRIES = ['src/index.ts', 'src/text/index.ts', 'src/timeseries/index.ts', 'src/word2vec/index.ts', 'src/onnx/index.ts', 'src/audio/index.ts', 'src/audio/entry.ts'];

/** Exported names of `entries` without a TSDoc comment, as "entry: name (file)". */
export function undocumentedExports(entries: readonly string[]): { total: number; missing: string[] } {
  const files = entries.map((e) => resolve(ROOT, e));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let total = 0;
  for (const [i, file] of files.entries()) {
    const source = program.getSourceFile(file);
    assert.ok(source, `${entries[i]} is not part of the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol, `${entries[i]} has no module symbol`);
    const visit = (exported: ts.Symbol, prefix: string) => {
      total++;
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = target.declarations ?? [];
      const where = declarations[0] ? declarations[0].getSourceFile().fileName.replace(ROOT + '/', '') : 'no declaration';
      if (declarations.length > 0 && declarations.every(ts.isSourceFile)) {
        // `export * as name from './file.js'`: the comment sits on that export statement, and
        // every name inside is public as `name.member`.
        const statement = exported.declarations?.[0]?.parent;
        if (!statement || ts.getJSDocCommentsAndTags(statement).length === 0) missing.push(`${entries[i]}: ${prefix}${exported.name} (${where})`);
        for (const member of checker.getExportsOfModule(target)) visit(member, `${prefix}${exported.name}.`);
        return;
      }
      const documented = target.getDocumentationComment(checker).length > 0
        || declarations.some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
      if (!documented) missing.push(`${entries[i]}: ${prefix}${exported.name} (${where})`);
    };
    for (const exported of checker.getExportsOfModule(moduleSymbol)) visit(exported, '');
  }
  return { total, missing };
}

test('every exported name of the public entries has a TSDoc comment', () => {
  const { total, missing } = undocumentedExports(PUBLIC_ENTRIES);
  assert.ok(total > 300, `only ${total} exported names found: the entries were not read`);
  if (missing.length) console.log(`# ${missing.length} of ${total} exported names without TSDoc:\n${missing.map((m) => `#   ${m}`).join('\n')}`);
  assert.deepEqual(missing, []);
});

/** The classes and functions a first program uses: each shows its use in an `@example`. */
const MAIN = ['Tensor', 'tensor', 'zeros', 'randn', 'cat', 'stack', 'manualSeed', 'setBackend', 'Module', 'Linear', 'Embedding',
  'Dropout', 'Sequential', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell', 'ManyToOne', 'ManyToMany', 'EncoderDecoder',
  'fit', 'save', 'load', 'Adam', 'SGD', 'clipGradNorm', 'crossEntropy', 'mseLoss', 'loadTorchCheckpoint', 'loadSafetensors',
  'Forecaster', 'TextClassifier', 'LanguageModel', 'Translator', 'CharTokenizer', 'WordTokenizer', 'Vocabulary',
  'trainWord2Vec', 'KeyedVectors', 'exportOnnx', 'checkOnnx', 'RecurrentError'];

test('the main classes and functions have an @example', () => {
  // The root, and the subpath that holds ONNX export (exportOnnx, checkOnnx).
  const entries = ['src/index.ts', 'src/onnx/index.ts'].map((f) => resolve(ROOT, f));
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true, skipLibCheck: true, noEmit: true, types: ['node'],
  });
  const checker = program.getTypeChecker();
  const exports = new Map(entries.flatMap((f) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(f)!)!))
    .map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s]));
  const absent = MAIN.filter((n) => !exports.has(n));
  assert.deepEqual(absent, [], 'names of MAIN that the root and recurrent/onnx no longer export');
  const without = MAIN.filter((n) => !(exports.get(n)!.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'example')));
  assert.deepEqual(without, []);
});

test('the check finds a name without TSDoc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-tsdoc-'));
  try {
    const file = join(dir, 'entry.ts');
    writeFileSync(file, '/** Documented. */\nexport function documented(): number { return 1; }\nexport const bare = 2;\nexport type { Tensor } from ' + JSON.stringify(resolve(ROOT, 'src/tensor/tensor.js')) + ';\n');
    const { total, missing } = undocumentedExports([file]);
    assert.equal(total, 3);
    assert.deepEqual(missing.map((m) => m.split(': ')[1].split(' ')[0]), ['bare']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
