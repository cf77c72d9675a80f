import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The package's single entry must load in a browser too: walking the built module graph from
// dist/index.js, no module may import a Node.js built-in at load time (functions that need
// files or threads load them on first use through src/platform/node-builtins.ts).
const ALLOWED_BARE = new Set(['csv-parse/sync']);

test('dist/index.js imports no Node.js built-in at load time', (t) => {
  if (!existsSync('dist/index.js')) {
    t.skip('dist/ not built (run npm run build)');
    return;
  }
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!ALLOWED_BARE.has(spec)) offenders.push(`${file.replace(process.cwd() + '/', '')} imports '${spec}'`);
    }
  };
  visit(resolve('dist/index.js'));
  assert.ok(seen.size > 50, `walked only ${seen.size} modules`);
  assert.deepEqual(offenders, []);
});
