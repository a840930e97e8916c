// Compiles the TypeScript sources into dist/ with the project's own tsc.
// A build starts from an empty dist/ so a deleted source never lingers as stale output.
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// CIRRO_DIST picks another output folder, so parallel work trees of one checkout do not clobber each other.
const out = process.env.CIRRO_DIST ?? 'dist';
rmSync(new URL(`../${out}`, import.meta.url), { recursive: true, force: true });
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', out], { stdio: 'inherit' });
process.exit(result.status ?? 1);
