import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanImports } from './import-scanner.js';
import { checkLayers, readSources } from './layer-check.js';

/** The repository root: the nearest folder above this (compiled) file with a package.json and src/. */
function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'src')))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the repository root above the test');
    directory = parent;
  }
  return directory;
}

describe('the layer table of DESIGN.md', () => {
  it('holds for every import in src/', () => {
    const files = readSources(join(repositoryRoot(), 'src'));
    assert.ok(files.length > 20, `expected the sources of src/, found ${files.length} files`);
    const violations = checkLayers(files);
    assert.deepEqual(violations.map((violation) => violation.message), []);
  });

  it('reports a gym file that imports agent-side code, naming file, line and layers', () => {
    const violations = checkLayers([
      { path: 'gym/services/ec2/provider.ts', text: "import { x } from '../../../core/ids.js';\n\nimport { plan } from '../../../plan/plan.js';\n" },
    ]);
    assert.equal(violations.length, 1);
    assert.equal(violations[0]!.file, 'gym/services/ec2/provider.ts');
    assert.equal(violations[0]!.line, 3);
    assert.match(violations[0]!.message, /gym\/services\/ec2\/provider\.ts:3 \(layer gym\) imports plan\/plan\.js \(layer plan\)/);
    assert.match(violations[0]!.message, /gym may import aws, core/);
  });

  it('catches every import form: type-only, re-export, side-effect and dynamic', () => {
    const violations = checkLayers([
      { path: 'agent/brain.ts', text: "import type { World } from '../gym/world/world.js';" },
      { path: 'core/index.ts', text: "export * from '../aws/aws-error.js';" },
      { path: 'cloud/setup.ts', text: "import '../exec/register.js';" },
      { path: 'plan/render.ts', text: "const module = await import('../guard/rules.js');" },
      { path: 'aws/codec.ts', text: "export { Gym } from '../gym/gym.js';" },
    ]);
    assert.deepEqual(
      violations.map((violation) => [violation.file, /a (type-only|re-export|side-effect|dynamic)/.exec(violation.message)?.[1]]),
      [['agent/brain.ts', 'type-only'], ['core/index.ts', 're-export'], ['cloud/setup.ts', 'side-effect'], ['plan/render.ts', 'dynamic'], ['aws/codec.ts', 're-export']],
    );
  });

  it('allows imports the table permits, packages, and anything from cli/ and server/', () => {
    const violations = checkLayers([
      { path: 'gym/gym.ts', text: "import { z } from 'zod';\nimport type { RunInstancesRequest } from '@aws-sdk/client-ec2';\nimport { AwsError } from '../aws/aws-error.js';" },
      { path: 'bench/run.ts', text: "import { Gym } from '../gym/gym.js';\nimport { loop } from '../agent/loop.js';" },
      { path: 'cli/main.ts', text: "const { Gym } = await import('../gym/gym.js');\nimport { ask } from '../agent/ask.js';" },
      { path: 'exec/sdk.ts', text: "import { check } from '../guard/check.js';\nimport { step } from './step.js';" },
    ]);
    assert.deepEqual(violations, []);
  });

  it('flags files outside a layer folder and imports that leave src/', () => {
    const violations = checkLayers([
      { path: 'helpers.ts', text: '' },
      { path: 'widgets/button.ts', text: '' },
      { path: 'gym/gym.ts', text: "import { startTestGym } from '../../test/support/gym.js';" },
    ]);
    assert.equal(violations.length, 3);
    assert.match(violations[0]!.message, /helpers\.ts is not in a layer folder/);
    assert.match(violations[1]!.message, /widgets\/button\.ts is not in a layer folder/);
    assert.match(violations[2]!.message, /outside src\//);
  });
});

describe('the import scanner', () => {
  it('ignores imports quoted in comments, strings and templates, and survives regex literals', () => {
    const source = [
      "// import { a } from '../agent/a.js';",
      "/* export * from '../agent/b.js'; */",
      "const help = \"import x from '../agent/c.js'\";",
      "const quote = /[\"'`]/g; const other = 'text';",
      "const template = `import('../agent/d.js') ${value} \\` still text`;",
      "const nested = `a ${`b ${c}`} d`;",
      "import { real } from '../core/real.js';",
      "const meta = import.meta.url;",
      "export const from = 1;",
    ].join('\n');
    assert.deepEqual(scanImports(source), [{ specifier: '../core/real.js', line: 7, kind: 'import', typeOnly: false }]);
  });

  it('reads multi-line import clauses and tells type-only imports apart', () => {
    const source = "import {\n  a,\n  type B,\n} from './a.js';\nimport type {\n  C,\n} from './c.js';\nexport type { D } from './d.js';\nconst e = await import(\n  './e.js'\n);";
    assert.deepEqual(scanImports(source), [
      { specifier: './a.js', line: 4, kind: 'import', typeOnly: false },
      { specifier: './c.js', line: 7, kind: 'import', typeOnly: true },
      { specifier: './d.js', line: 8, kind: 'export-from', typeOnly: true },
      { specifier: './e.js', line: 10, kind: 'dynamic', typeOnly: false },
    ]);
  });
});
