// Builds the native backend (native/binding.gyp) at install with the node-gyp that npm ships,
// against the headers of the running Node when they are installed beside it, so nothing is
// downloaded. It never fails the install: without a compiler, on a failed build, or with
// RECURRENT_NATIVE_BUILD=0, it prints one line and the WebAssembly backend is used. The whole
// build output is kept in native/build/build.log. A built addon is loaded once in a child
// process, and removed if it does not load, so a broken binary is never left behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const addon = join(native, 'build', 'Release', 'recurrent_native.node');
const FALLBACK = 'the WebAssembly backend will be used';

function notice(why) {
  console.log(`recurrent: native backend not built (${why}); ${FALLBACK}`);
}

/** npm's bundled node-gyp: the one npm names when it runs this script, else beside npm on PATH or beside node. */
function findNodeGyp() {
  const named = process.env.npm_config_node_gyp;
  if (named && existsSync(named)) return named;
  const tail = join('lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && existsSync(join(d, 'npm')));
  for (const d of [...dirs, dirname(process.execPath)]) {
    const candidate = join(d, '..', tail);
    if (existsSync(candidate)) return resolve(candidate);
  }
  // Windows installs keep npm under the node directory itself.
  const win = join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return existsSync(win) ? win : null;
}

/** The line of a failed build's output that says why: the compiler's last error, else the last line that is not node-gyp's own. */
function reason(output) {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const compiler = lines.filter((l) => /\berror\b/i.test(l) && !/^gyp (ERR!|info)/.test(l) && !/^make(\[\d+\])?: \*\*\*/.test(l));
  if (compiler.length > 0) return compiler[compiler.length - 1];
  // A compiler that failed without a word (or is missing): make's line names the object it was building.
  const make = lines.filter((l) => /^make(\[\d+\])?: \*\*\*/.test(l));
  if (make.length > 0) return `the C++ compiler (${process.env.CXX || 'c++'}) failed: ${make[make.length - 1]}`;
  const own = lines.filter((l) => !/^gyp (ERR!|info|http)/.test(l));
  if (own.length > 0) return own[own.length - 1];
  return lines.length > 0 ? lines[lines.length - 1] : 'no output';
}

function writeLog(text) {
  try {
    mkdirSync(join(native, 'build'), { recursive: true });
    writeFileSync(join(native, 'build', 'build.log'), text);
  } catch {
    // the log is a convenience; the notice has already said what matters
  }
}

function build() {
  if (process.env.RECURRENT_NATIVE_BUILD === '0') {
    // An addon from an earlier install would otherwise stay (npm ci clears node_modules, not this).
    rmSync(addon, { force: true });
    notice('RECURRENT_NATIVE_BUILD=0');
    return;
  }
  const gyp = findNodeGyp();
  if (!gyp) {
    notice("npm's node-gyp was not found");
    return;
  }
  const args = [gyp, 'rebuild', '--directory', native, '--jobs', 'max'];
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `$ ${process.execPath} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  writeLog(output);
  if (r.status !== 0 || !existsSync(addon)) {
    notice(`build failed: ${reason(`${r.stdout ?? ''}\n${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`)}; see native/build/build.log`);
    return;
  }
  const probe = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(addon)}).isas().join(', '))`], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    rmSync(addon, { force: true });
    writeLog(`${output}\n--- loading the built addon failed ---\n${probe.stdout ?? ''}${probe.stderr ?? ''}`);
    notice(`the built addon does not load: ${reason(probe.stderr ?? '')}`);
    return;
  }
  console.log(`recurrent: native backend built (${probe.stdout.trim()})`);
}

try {
  build();
} catch (e) {
  notice(e instanceof Error ? e.message : String(e));
}
process.exitCode = 0;
