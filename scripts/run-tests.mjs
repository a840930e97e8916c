// Runs every compiled test file with Node's own test runner.
// Usage: node scripts/run-tests.mjs [substring ...]  (only files whose path contains a substring)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL(`../${process.env.CIRRO_DIST ?? 'dist'}`, import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(directory, found) {
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) collect(path, found);
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const files = collect(root, [])
  .filter((file) => filters.length === 0 || filters.some((filter) => relative(root, file).includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no test files matched ${filters.join(' ') || '(any)'} under dist/; run npm run build first`);
  process.exit(1);
}
const concurrency = process.env.CIRRO_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
