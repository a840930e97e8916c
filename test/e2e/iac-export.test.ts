import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateInternetGatewayCommand, AttachInternetGatewayCommand } from '@aws-sdk/client-ec2';
import { parse } from 'yaml';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { attachNewVolume, createLoadBalancer, createSecurityGroup, createVpcWithSubnet, defaultNetwork, launchInstances } from '../../src/bench/fixtures.js';
import { parseTemplate } from '../../src/gym/services/cloudformation/template/index.js';
import { startTestGym } from '../support/gym.js';
import { runCirro, worldFingerprint } from './cirro-process.js';

describe('cirro iac export, as a process against a gym world built with the SDK', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  let folder: string;
  let web1: string;
  let mainSubnet: string;
  let defaultSubnets: string[];
  before(async () => {
    gym = await startTestGym({ speed: 120 });
    cloud = benchCloud(gym.endpoint);
    folder = mkdtempSync(join(tmpdir(), 'cirro-iac-export-'));
    const network = await createVpcWithSubnet(cloud, 'main', '10.0.0.0/16', '10.0.1.0/24');
    mainSubnet = network.subnetId;
    const gateway = await cloud.ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'main-igw' }] }] }));
    await cloud.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway.InternetGateway!.InternetGatewayId!, VpcId: network.vpcId }));
    const group = await createSecurityGroup(cloud, 'web-sg', network.vpcId, [80]);
    [web1] = (await launchInstances(cloud, [
      { name: 'web-1', subnetId: network.subnetId, securityGroupIds: [group] },
      { name: 'web-2', subnetId: network.subnetId, securityGroupIds: [group], instanceType: 't3.small' },
    ])) as [string, string];
    await attachNewVolume(cloud, web1, 20, 'gp3', '/dev/sdf', 'web-1-data');
    await createLoadBalancer(cloud, 'shop-lb', 'shop-tg', []);
    defaultSubnets = (await defaultNetwork(cloud)).subnetIds;
  });
  after(async () => {
    await gym.stop();
  });

  it('prints the whole world as YAML the gym accepts, with references inside and the default network as parameters, and changes nothing', async () => {
    const before = await worldFingerprint(cloud);
    const run = await runCirro(['iac', 'export', '--endpoint', gym.endpoint]);
    assert.equal(run.status, 0, run.stderr);
    const parsed = parseTemplate(run.stdout);
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error));
    const template = parse(run.stdout);
    const resources = template.Resources;
    for (const logicalId of ['MainVpc', 'MainASubnet', 'MainIgw', 'MainIgwAttachment', 'WebSg', 'Web1Instance', 'Web2Instance', 'Web1DataVolume', 'Web1DataVolumeAttachment', 'ShopLb', 'ShopTg', 'ShopLbListener80']) {
      assert.ok(resources[logicalId], `${logicalId} in ${Object.keys(resources).join(', ')}`);
    }
    assert.deepEqual(resources.Web1Instance.Properties.SubnetId, { Ref: 'MainASubnet' });
    assert.equal(resources.Web2Instance.Properties.InstanceType, 't3.small');
    assert.deepEqual(resources.Web1DataVolume.Properties.Size, 20);
    assert.ok(!Object.values(resources).some((resource: any) => resource.Type === 'AWS::EC2::VPC' && resource.Properties.CidrBlock === '172.31.0.0/16'), 'the default VPC stays out');
    const subnetParameters = (resources.ShopLb.Properties.Subnets as { Ref: string }[]).map((reference) => template.Parameters[reference.Ref]);
    assert.deepEqual(subnetParameters.map((parameter) => parameter.Type), ['AWS::EC2::Subnet::Id', 'AWS::EC2::Subnet::Id']);
    assert.deepEqual(subnetParameters.map((parameter) => parameter.Default).sort(), defaultSubnets.slice(0, 2).sort());
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('writes chosen resources by name as JSON to a file, reporting on stderr', async () => {
    const output = join(folder, 'web-1.json');
    const run = await runCirro(['iac', 'export', '--endpoint', gym.endpoint, '--resources', 'web-1,web-1-data', '--format', 'json', '--output', output]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /wrote 3 resources to .*web-1\.json/);
    const template = JSON.parse(readFileSync(output, 'utf8'));
    assert.deepEqual(Object.keys(template.Resources).sort(), ['Web1DataVolume', 'Web1DataVolumeAttachment', 'Web1Instance']);
    assert.deepEqual(template.Resources.Web1Instance.Properties.SubnetId, { Ref: 'MainASubnetId' });
    assert.equal(template.Parameters.MainASubnetId.Default, mainSubnet);
    assert.deepEqual(template.Resources.Web1DataVolumeAttachment.Properties.InstanceId, { Ref: 'Web1Instance' });
  });

  it('names a misspelt resource with near matches and leaves an existing output file untouched', async () => {
    const output = join(folder, 'kept.yaml');
    writeFileSync(output, 'previous template\n');
    const run = await runCirro(['iac', 'export', '--endpoint', gym.endpoint, '--resources', 'web-1,web-99', '--output', output]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /web-99: no resource has this name or id \(did you mean [^)]*web-1[^)]*\)/);
    assert.equal(readFileSync(output, 'utf8'), 'previous template\n');
  });

  it('refuses bad flags before touching the cloud, and explains itself with --help', async () => {
    const bad = await runCirro(['iac', 'export', '--endpoint', gym.endpoint, '--format', 'xml']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format xml is not one of yaml, json/);
    const unknown = await runCirro(['iac', 'import']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown subcommand 'import'/);
    const help = await runCirro(['iac', 'export', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--resources LIST/);
  });
});
