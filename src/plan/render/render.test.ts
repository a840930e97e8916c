import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { buildPlan } from '../builder.js';
import { imageKey } from '../context.js';
import type { Plan } from '../plan.js';
import { renderCliScript } from './cli-script.js';
import { renderSdkProgram } from './sdk-program.js';

const context = {
  inventory: sampleInventory(),
  region: 'us-east-1',
  images: new Map([[imageKey('amazon-linux-2023', 'x86_64'), { imageId: 'ami-0x86', name: 'al2023', architecture: 'x86_64', rootDeviceName: '/dev/xvda' }]]),
  instanceTypes: new Map([['t3.micro', { name: 't3.micro', vCpus: 2, memoryMiB: 1024, architectures: ['x86_64'] }]]),
  defaultInstanceType: 't3.micro',
};

function planFor(intent: Parameters<typeof buildPlan>[0]): Plan {
  const outcome = buildPlan(intent, context);
  if (outcome.type !== 'plan') throw new Error(JSON.stringify(outcome));
  return outcome.plan;
}

const spot = planFor({ type: 'set-market', targets: { kind: 'instance', selector: { by: 'name', name: 'api-1' } }, market: 'spot' });
const balancer = planFor({ type: 'create-load-balancer', instances: { type: 'create-instances', count: 2, names: ['app-1'] }, port: 80, protocol: 'HTTP', loadBalancerType: 'application' });
const directory = mkdtempSync(join(tmpdir(), 'cirro-render-'));

describe('plan renderings', () => {
  for (const [name, plan] of [['spot conversion', spot], ['new VMs behind a load balancer', balancer]] as const) {
    it(`renders the ${name} as a bash script that bash parses, passing outputs between commands`, () => {
      const script = renderCliScript(plan, { endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
      const path = join(directory, `${name.replace(/\W+/g, '-')}.sh`);
      writeFileSync(path, script);
      const check = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      assert.match(script, /^aws \w+ [a-z-]+ /m);
      assert.match(script, /--query '[^']+' --output text/);
      assert.match(script, /"\$S\d+_[A-Z]+"/);
    });

    it(`renders the ${name} as an SDK v3 program that node accepts`, () => {
      const program = renderSdkProgram(plan, { endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
      const path = join(directory, `${name.replace(/\W+/g, '-')}.mjs`);
      writeFileSync(path, program);
      const check = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      assert.match(program, /from '@aws-sdk\/client-ec2'/);
      assert.match(program, /await waitFor\(/);
    });
  }
});
