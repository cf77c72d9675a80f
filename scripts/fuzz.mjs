// `npm run fuzz -- --cases N [--reader NAME] [--seed S] [--case K]`: the fuzz suite of
// test/fuzz with more cases than `npm test` runs. See test/fuzz/main.ts for every flag.
import { spawnSync } from 'node:child_process';

const res = spawnSync(process.execPath, ['--import', 'tsx', 'test/fuzz/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
