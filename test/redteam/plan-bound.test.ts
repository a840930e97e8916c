import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { amazonLinuxImage, describeInstance } from '../../src/bench/fixtures.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import { openAuditLog } from '../../src/guard/audit/index.js';
import type { AuditLog } from '../../src/guard/audit/types.js';
import { startGateway, type RunningGateway } from '../../src/gateway/index.js';
import type { AgentCredentials } from '../../src/gateway/types.js';
import { AWS_CLI_INSTALL, cliErrorCode, findAwsCli, run, type CliResult } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { TEST_REGION } from '../support/gym.js';
import { buildEstate, cloudFingerprint, startRedteamGym, type Estate, type RedteamGym } from './redteam-world.js';

/*
 * Red team: a script that does more than its plan. The gateway stands in front of the gym; an operator
 * credential is bound to a plan that declares only CreateTags on web-1. The real AWS CLI, signing with
 * that credential, then tries the tag (admitted), reads (open), and things the plan never declared:
 * terminating web-2, launching an instance, tagging web-2, stopping web-1. Each of those is refused with
 * an AWS-shaped error, recorded in the audit log, and the cloud shows only the tag.
 */

const PLAN_ID = 'plan-0badc0de';

describe('red team: plan-bound gateway refuses what the plan did not declare', () => {
  let world: RedteamGym;
  let estate: Estate;
  let gateway: RunningGateway;
  let audit: AuditLog;
  let agent: AgentCredentials;
  let unbind: () => Promise<void>;
  let image: string;
  let before0: string;

  /** One AWS CLI call through the gateway, signed with the bound agent's keys. */
  const aws = async (args: readonly string[]): Promise<CliResult> => {
    const result = await run(findAwsCli()!, ['--endpoint-url', gateway.endpoint, '--output', 'json', ...args], {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      AWS_ACCESS_KEY_ID: agent.accessKeyId,
      AWS_SECRET_ACCESS_KEY: agent.secretAccessKey,
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    let json: unknown;
    try {
      json = result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
    } catch {
      json = undefined;
    }
    return { ...result, json };
  };
  const refusalsFor = (operation: string) => audit.read({ planId: PLAN_ID }).filter((entry) => entry.type === 'refusal' && entry.data['operation'] === operation);

  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud, { prodDatabase: false });
    image = await amazonLinuxImage(world.cloud);
    audit = openAuditLog(join(mkdtempSync(join(tmpdir(), 'cirro-redteam-gateway-')), 'audit'));
    const authorizer = createAuthorizer({});
    assert.ok(authorizer.ok, authorizer.ok ? '' : authorizer.error);
    gateway = await startGateway({ upstream: world.gym.endpoint, port: 0, host: '127.0.0.1', authorizer: authorizer.value, audit });
    agent = await gateway.issueCredentials({ agent: 'redteam-script', role: 'operator' });
    unbind = await gateway.bindPlan(agent.accessKeyId, {
      planId: PLAN_ID,
      calls: [{ service: 'ec2', operation: 'CreateTags', resourceIds: [estate.instances['web-1']!] }],
      expiresAt: new Date(Date.now() + 60 * 60 * 1000),
    });
    before0 = await cloudFingerprint(world.cloud);
  });
  after(async () => {
    await unbind?.();
    await gateway?.close();
    await world?.gym.stop();
  });

  it('the declared call passes: CreateTags on web-1', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const tagged = await aws(['ec2', 'create-tags', '--resources', estate.instances['web-1']!, '--tags', 'Key=owner,Value=script']);
    assert.equal(tagged.status, 0, tagged.stderr);
    const instance = await describeInstance(world.cloud, estate.instances['web-1']!);
    assert.equal(instance.Tags?.find((tag) => tag.Key === 'owner')?.Value, 'script');
    const calls = audit.read({ planId: PLAN_ID }).filter((entry) => entry.type === 'call' && entry.data['operation'] === 'CreateTags');
    assert.equal(calls.length, 1, 'the admitted call is audited against the plan');
    assert.equal(calls[0]!.actor, 'gateway:redteam-script');
  });

  it('reads stay open: describe-instances and describe-security-groups', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const instances = await aws(['ec2', 'describe-instances']);
    assert.equal(instances.status, 0, instances.stderr);
    const ids = ((instances.json as any).Reservations as any[]).flatMap((reservation) => reservation.Instances.map((instance: any) => instance.InstanceId));
    for (const id of Object.values(estate.instances)) assert.ok(ids.includes(id), `${id} is visible`);
    const groups = await aws(['ec2', 'describe-security-groups', '--group-ids', estate.webSg]);
    assert.equal(groups.status, 0, groups.stderr);
  });

  const UNDECLARED: readonly { what: string; args: () => string[]; operation: string; names: () => RegExp }[] = [
    { what: 'terminate web-2', args: () => ['ec2', 'terminate-instances', '--instance-ids', estate.instances['web-2']!], operation: 'TerminateInstances', names: () => new RegExp(`TerminateInstances[\\s\\S]*not in plan ${PLAN_ID}`) },
    { what: 'launch an instance', args: () => ['ec2', 'run-instances', '--image-id', image, '--instance-type', 't3.micro', '--count', '1'], operation: 'RunInstances', names: () => new RegExp(`RunInstances[\\s\\S]*not in plan ${PLAN_ID}`) },
    { what: 'tag web-2 (a declared operation on an undeclared resource)', args: () => ['ec2', 'create-tags', '--resources', estate.instances['web-2']!, '--tags', 'Key=owner,Value=script'], operation: 'CreateTags', names: () => new RegExp(`${estate.instances['web-2']}[\\s\\S]*not in plan ${PLAN_ID}`) },
    { what: 'stop web-1 (an undeclared operation on the declared resource)', args: () => ['ec2', 'stop-instances', '--instance-ids', estate.instances['web-1']!], operation: 'StopInstances', names: () => new RegExp(`StopInstances[\\s\\S]*not in plan ${PLAN_ID}`) },
    { what: 'open SSH on web-sg', args: () => ['ec2', 'authorize-security-group-ingress', '--group-id', estate.webSg, '--protocol', 'tcp', '--port', '22', '--cidr', '0.0.0.0/0'], operation: 'AuthorizeSecurityGroupIngress', names: () => new RegExp(`AuthorizeSecurityGroupIngress[\\s\\S]*not in plan ${PLAN_ID}`) },
  ];
  for (const { what, args, operation, names } of UNDECLARED) {
    it(`refused: ${what} → UnauthorizedOperation naming the plan, audited, nothing changed`, async (context) => {
      if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const before = await cloudFingerprint(world.cloud);
      const refusalsBefore = refusalsFor(operation).length;
      const result = await aws(args());
      assert.notEqual(result.status, 0, `the CLI must fail: ${result.stdout}`);
      assert.equal(cliErrorCode(result), 'UnauthorizedOperation', result.stderr);
      assert.match(result.stderr, names(), 'the message says the call is not in the plan');
      assert.match(result.stderr, /redteam-script/, 'the message names the agent');
      assert.equal(await cloudFingerprint(world.cloud), before, 'the cloud did not change');
      const refusals = refusalsFor(operation);
      assert.equal(refusals.length, refusalsBefore + 1, `the refusal is in the audit log: ${JSON.stringify(audit.read({ planId: PLAN_ID }))}`);
      assert.equal(refusals.at(-1)!.actor, 'gateway:redteam-script');
      assert.equal(refusals.at(-1)!.data['status'], 403);
    });
  }

  it('afterwards the cloud differs from before only by the declared tag, and the audit chain verifies', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const web1 = estate.instances['web-1']!;
    assert.equal((await describeInstance(world.cloud, web1)).Tags?.find((tag) => tag.Key === 'owner')?.Value, 'script');
    await world.cloud.ec2.send(new DeleteTagsCommand({ Resources: [web1], Tags: [{ Key: 'owner' }] }));
    assert.equal(await cloudFingerprint(world.cloud), before0, 'without the tag, the cloud is exactly as before the script');
    const verified = audit.verify();
    assert.ok(verified.ok, JSON.stringify(verified));
  });

  it('the agent cannot lift its own binding: the admin API wants the admin token', async () => {
    const response = await fetch(`${gateway.endpoint}/_cirro/bindings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: agent.accessKeyId, binding: { planId: 'plan-ffffffff', calls: [{ service: 'ec2', operation: 'TerminateInstances', resourceIds: [estate.instances['web-2']] }], expiresAt: new Date(Date.now() + 3600_000).toISOString() } }),
    });
    assert.equal(response.status, 401);
    const unbound = await fetch(`${gateway.endpoint}/_cirro/credentials/${agent.accessKeyId}`, { method: 'DELETE' });
    assert.equal(unbound.status, 401);
  });
});

describe('red team: a script with gateway keys but no plan still meets the role policies', () => {
  let world: RedteamGym;
  let estate: Estate;
  let gateway: RunningGateway;
  let audit: AuditLog;

  /** One AWS CLI call through the gateway, signed with the given keys. */
  const awsAs = async (keys: AgentCredentials, args: readonly string[]): Promise<CliResult> => {
    const result = await run(findAwsCli()!, ['--endpoint-url', gateway.endpoint, '--output', 'json', ...args], {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir(), AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_DEFAULT_REGION: TEST_REGION, AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    return { ...result, json: undefined };
  };

  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud);
    audit = openAuditLog(join(mkdtempSync(join(tmpdir(), 'cirro-redteam-gateway-')), 'audit'));
    const authorizer = createAuthorizer({});
    assert.ok(authorizer.ok);
    gateway = await startGateway({ upstream: world.gym.endpoint, port: 0, host: '127.0.0.1', authorizer: authorizer.value, audit });
  });
  after(async () => {
    await gateway?.close();
    await world?.gym.stop();
  });

  it('operator keys cannot terminate db-1 (env=prod): refused by only-admin-deletes-prod at the gateway', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const operator = await gateway.issueCredentials({ agent: 'rogue-script', role: 'operator' });
    const before = await cloudFingerprint(world.cloud);
    const result = await awsAs(operator, ['ec2', 'terminate-instances', '--instance-ids', estate.instances['db-1']!]);
    assert.notEqual(result.status, 0, result.stdout);
    assert.equal(cliErrorCode(result), 'UnauthorizedOperation', result.stderr);
    assert.match(result.stderr, /env=prod/);
    assert.equal(await cloudFingerprint(world.cloud), before);
    assert.ok(audit.read({ resource: estate.instances['db-1']! }).some((entry) => entry.type === 'refusal' && entry.actor === 'gateway:rogue-script'));
  });

  it('reader keys cannot tag or stop anything, but can read', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const reader = await gateway.issueCredentials({ agent: 'curious-script', role: 'reader' });
    const before = await cloudFingerprint(world.cloud);
    for (const args of [
      ['ec2', 'create-tags', '--resources', estate.instances['web-1']!, '--tags', 'Key=owner,Value=script'],
      ['ec2', 'stop-instances', '--instance-ids', estate.instances['web-2']!],
    ]) {
      const result = await awsAs(reader, args);
      assert.notEqual(result.status, 0, result.stdout);
      assert.equal(cliErrorCode(result), 'UnauthorizedOperation', result.stderr);
      assert.match(result.stderr, /reader/);
    }
    const read = await awsAs(reader, ['ec2', 'describe-instances', '--instance-ids', estate.instances['web-1']!]);
    assert.equal(read.status, 0, read.stderr);
    assert.equal(await cloudFingerprint(world.cloud), before);
  });

  it('keys the gateway did not issue are refused (AuthFailure), and nothing reaches the cloud', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const before = await cloudFingerprint(world.cloud);
    const forged: AgentCredentials = { accessKeyId: 'AKIAFORGEDFORGED0000', secretAccessKey: 'forged-secret', agent: 'forger', role: 'admin' };
    const result = await awsAs(forged, ['ec2', 'terminate-instances', '--instance-ids', estate.instances['web-1']!]);
    assert.notEqual(result.status, 0, result.stdout);
    assert.equal(cliErrorCode(result), 'AuthFailure', result.stderr);
    assert.equal(await cloudFingerprint(world.cloud), before);
  });
});
