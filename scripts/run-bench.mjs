// Runs the benchmarks (bench/*.bench.ts, or those named) one after another; each writes bench-results/<area>.json.
import { readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

mkdirSync('bench-results', { recursive: true });
const named = process.argv.slice(2);
const files = named.length > 0 ? named : readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort().map((f) => join('bench', f));
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`benchmark ${file} failed with exit code ${r.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
