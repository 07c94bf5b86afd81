// `npm run bench`: every benchmark, quick versions, in sequence (under 15 minutes in all).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['rpc-echo.js', 'coord-bench.js', 'dfs-bench.js', 'engine-bench.js'] as const;

let failed = 0;
for (const script of BENCHMARKS) {
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
