#!/usr/bin/env node
// The cirro command. The compiled program lives in dist/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL(`../${process.env.CIRRO_DIST ?? 'dist'}/src/cli/main.js`, import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('cirro: the compiled program is missing (dist/). Run `npm install` or `npm run build` in the cirro package.\n');
  process.exit(1);
}
// Output piped into `head` and the like: a closed pipe ends the command quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
