// Runs the test suite on the lowest Node.js that package.json's `engines` allows (">=20.16" →
// 20.16.0), so the claim stays true: an API newer than that fails here, not on a user's machine.
//
// The binary comes from the npm registry, where every Node.js release is published as
// `node-<platform>-<arch>@<version>` (the official build, bin/node inside), fetched with
// `npm pack` once into .cache/node-<version>/ and reused. Arguments are passed to
// scripts/run-tests.mjs (file filters); that Node.js is first on PATH, so tests that start
// `node` or `npm` get it too.
//
//   node scripts/lowest-node.mjs            # the whole suite
//   node scripts/lowest-node.mjs src/text   # the tests whose path contains src/text
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The lowest version a `>=X.Y[.Z]` range allows, as X.Y.Z. */
export function lowestVersion(range) {
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range ?? '');
  if (!m) throw new Error(`lowest-node: engines.node must be ">=X.Y[.Z]", got ${JSON.stringify(range)}`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}

function sh(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    console.error(`lowest-node: ${cmd} ${args.join(' ')} failed (exit ${res.status})`);
    process.exit(res.status ?? 1);
  }
}

/** bin/ of Node.js `version` for this platform, fetched from the registry on first use. */
function nodeBin(version) {
  const dir = join(root, '.cache', `node-${version}`);
  const bin = join(dir, 'package', 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  const spec = `node-${process.platform}-${process.arch}@${version}`;
  console.log(`lowest-node: fetching ${spec} from the npm registry into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  sh('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`lowest-node: npm pack ${spec} left no tarball in ${dir}`);
  sh('tar', ['xzf', join(dir, tarball), '-C', dir]);
  rmSync(join(dir, tarball));
  return bin;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = lowestVersion(pkg.engines?.node);
const bin = nodeBin(version);
const node = join(bin, 'node');
const got = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (got !== `v${version}`) {
  console.error(`lowest-node: ${node} reports ${got || 'nothing'}, expected v${version}`);
  process.exit(1);
}
console.log(`lowest-node: the test suite on Node.js ${got}`);
const res = spawnSync(node, [join(root, 'scripts', 'run-tests.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
});
process.exit(res.status ?? 1);
