import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AllocateAddressCommand, AssociateAddressCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand, CreateInternetGatewayCommand, CreateKeyPairCommand, CreateRouteCommand, CreateRouteTableCommand,
  CreateSecurityGroupCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand, DescribeImagesCommand, ModifySubnetAttributeCommand,
  RunInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddTagsCommand, CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { createCloudClients, type CloudClients } from '../../src/cloud/clients.js';
import type { Inventory } from '../../src/cloud/inventory.js';
import { readInventory } from '../../src/cloud/read-inventory.js';
import { readResource } from '../../src/cloud/read-resource.js';
import { admin, startTestGym, TEST_CREDENTIALS, TEST_REGION } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';

/** What the test world holds, by role. */
interface World {
  vpcId: string;
  publicA: string;
  publicB: string;
  gatewayId: string;
  routeTableId: string;
  webSg: string;
  keyPairId: string;
  web1: string;
  web2: string;
  api1: string;
  old1: string;
  dataVolume: string;
  allocationId: string;
  publicIp: string;
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
}

/** Builds a small shop with the SDK directly (not with Cirro's code), then lets it settle. */
async function buildWorld(gym: Gym): Promise<World> {
  const { ec2, elbv2 } = sdkClients(gym.endpoint);
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*'] }, { Name: 'architecture', Values: ['x86_64'] }] }))).Images![0]!;
  const tag = (type: 'vpc' | 'subnet' | 'internet-gateway' | 'route-table' | 'security-group' | 'instance' | 'volume' | 'elastic-ip', name: string) =>
    [{ ResourceType: type, Tags: [{ Key: 'Name', Value: name }, { Key: 'team', Value: 'shop' }] }];
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', TagSpecifications: tag('vpc', 'main') }))).Vpc!.VpcId!;
  const publicA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a', TagSpecifications: tag('subnet', 'public-a') }))).Subnet!.SubnetId!;
  const publicB = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b', TagSpecifications: tag('subnet', 'public-b') }))).Subnet!.SubnetId!;
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: publicA, MapPublicIpOnLaunch: { Value: true } }));
  const gatewayId = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: tag('internet-gateway', 'main-igw') }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tag('route-table', 'public-rt') }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: publicA }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: publicB }));
  const webSg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web-sg', Description: 'web servers', VpcId: vpcId }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({
    GroupId: webSg,
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'http' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ],
  }));
  const keyPairId = (await ec2.send(new CreateKeyPairCommand({ KeyName: 'deploy', KeyType: 'ed25519' }))).KeyPairId!;
  const launch = async (name: string, subnetId: string, instanceType: 't3.micro' | 't3.small') => (await ec2.send(new RunInstancesCommand({
    ImageId: image.ImageId!, InstanceType: instanceType, MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [webSg], KeyName: 'deploy',
    TagSpecifications: tag('instance', name),
  }))).Instances![0]!.InstanceId!;
  const web1 = await launch('web-1', publicA, 't3.micro');
  const web2 = await launch('web-2', publicB, 't3.micro');
  const api1 = await launch('api-1', publicA, 't3.small');
  const old1 = await launch('old-1', publicA, 't3.micro');
  await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 120 });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [old1] }));
  const dataVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp3', TagSpecifications: tag('volume', 'api-data') }))).VolumeId!;
  await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 60 });
  await ec2.send(new AttachVolumeCommand({ VolumeId: dataVolume, InstanceId: api1, Device: '/dev/sdf' }));
  const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tag('elastic-ip', 'api-ip') }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId!, InstanceId: api1 }));

  const targetGroupArn = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'shop-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckPath: '/health' }))).TargetGroups![0]!.TargetGroupArn!;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: web1 }, { Id: web2 }] }));
  const loadBalancerArn = (await elbv2.send(new CreateLoadBalancerCommand({ Name: 'shop-lb', Subnets: [publicA, publicB], SecurityGroups: [webSg] }))).LoadBalancers![0]!.LoadBalancerArn!;
  await elbv2.send(new AddTagsCommand({ ResourceArns: [loadBalancerArn], Tags: [{ Key: 'team', Value: 'shop' }] }));
  const listenerArn = (await elbv2.send(new CreateListenerCommand({
    LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
  }))).Listeners![0]!.ListenerArn!;
  await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 600 });
  return {
    vpcId, publicA, publicB, gatewayId, routeTableId, webSg, keyPairId, web1, web2, api1, old1, dataVolume,
    allocationId: address.AllocationId!, publicIp: address.PublicIp!, loadBalancerArn, targetGroupArn, listenerArn,
  };
}

describe('readInventory against a gym world', () => {
  let gym: Gym;
  let world: World;
  let clients: CloudClients;
  let inventory: Inventory;

  before(async () => {
    gym = await startTestGym();
    world = await buildWorld(gym);
    // No credentials given: a gym endpoint on this machine gets dummy ones when nothing is configured.
    clients = createCloudClients({ endpoint: gym.endpoint, region: TEST_REGION, environment: { HOME: '/nonexistent-home' } });
    inventory = await readInventory(clients);
  });
  after(async () => {
    await gym.stop();
  });

  it('reads every kind in one parallel pass, counting its calls, with no warnings', () => {
    assert.equal(inventory.warnings, undefined);
    assert.equal(inventory.kinds, undefined);
    assert.equal(inventory.region, 'us-east-1');
    // 9 EC2 describes + security group rules; ELBv2: balancers, their tags, their attributes, groups, their tags, one health call and one listener call.
    assert.equal(inventory.apiCalls, 17);
  });

  it('names networks by their Name tags and keeps the default VPC and its subnets', () => {
    const main = inventory.vpcs.find((vpc) => vpc.id === world.vpcId);
    assert.deepEqual(main && { name: main.name, cidr: main.cidrBlock, isDefault: main.isDefault, team: main.tags['team'] }, { name: 'main', cidr: '10.0.0.0/16', isDefault: false, team: 'shop' });
    assert.equal(inventory.vpcs.filter((vpc) => vpc.isDefault).length, 1);
    const publicA = inventory.subnets.find((subnet) => subnet.id === world.publicA)!;
    assert.deepEqual([publicA.name, publicA.vpcId, publicA.availabilityZone, publicA.cidrBlock, publicA.mapPublicIpOnLaunch], ['public-a', world.vpcId, 'us-east-1a', '10.0.1.0/24', true]);
    assert.ok(publicA.availableIpAddressCount > 0 && publicA.availableIpAddressCount < 251);
    assert.ok(inventory.subnets.some((subnet) => subnet.defaultForAz));
  });

  it('reads the gateway, the route tables with their routes and subnets, and the security group rules with ids', () => {
    assert.deepEqual(inventory.internetGateways.find((gateway) => gateway.id === world.gatewayId), { kind: 'internet-gateway', id: world.gatewayId, name: 'main-igw', tags: { Name: 'main-igw', team: 'shop' }, vpcId: world.vpcId });
    const table = inventory.routeTables.find((candidate) => candidate.id === world.routeTableId)!;
    assert.deepEqual([table.main, [...table.subnetIds].sort()], [false, [world.publicA, world.publicB].sort()]);
    assert.deepEqual(table.routes.find((route) => route.destination === '0.0.0.0/0'), { destination: '0.0.0.0/0', target: world.gatewayId });
    assert.ok(inventory.routeTables.some((candidate) => candidate.vpcId === world.vpcId && candidate.main));
    const group = inventory.securityGroups.find((candidate) => candidate.id === world.webSg)!;
    assert.deepEqual([group.name, group.groupName, group.vpcId], ['web-sg', 'web-sg', world.vpcId]);
    const ingress = group.rules.filter((rule) => rule.direction === 'ingress').map((rule) => [rule.protocol, rule.fromPort, rule.toPort, rule.source, rule.description]);
    assert.deepEqual(ingress, [['tcp', 80, 80, '0.0.0.0/0', 'http'], ['tcp', 443, 443, '0.0.0.0/0', undefined]]);
    assert.ok(group.rules.every((rule) => rule.ruleId?.startsWith('sgr-')));
  });

  it('reads instances with their placement, groups, key, volumes and addresses, and leaves terminated ones out', () => {
    assert.deepEqual(inventory.instances.map((instance) => instance.name).sort(), ['api-1', 'web-1', 'web-2']);
    const api = inventory.instances.find((instance) => instance.id === world.api1)!;
    assert.deepEqual(
      [api.state, api.instanceType, api.vpcId, api.subnetId, api.availabilityZone, api.securityGroupIds, api.keyName, api.lifecycle, api.publicIpAddress],
      ['running', 't3.small', world.vpcId, world.publicA, 'us-east-1a', [world.webSg], 'deploy', 'on-demand', world.publicIp],
    );
    assert.match(api.privateIpAddress ?? '', /^10\.0\.1\.\d+$/);
    assert.deepEqual(api.volumes.map((volume) => volume.device).sort(), [api.rootDeviceName, '/dev/sdf'].sort());
    assert.match(api.launchTime ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(api.terminationProtected, undefined);
  });

  it('reads volumes with their attachments, and the Elastic IP with its instance', () => {
    const data = inventory.volumes.find((volume) => volume.id === world.dataVolume)!;
    assert.deepEqual([data.name, data.sizeGiB, data.volumeType, data.availabilityZone, data.encrypted], ['api-data', 100, 'gp3', 'us-east-1a', false]);
    assert.deepEqual([data.attachment?.instanceId, data.attachment?.device], [world.api1, '/dev/sdf']);
    const address = inventory.elasticIps.find((candidate) => candidate.id === world.allocationId)!;
    assert.deepEqual([address.name, address.publicIp, address.instanceId], ['api-ip', world.publicIp, world.api1]);
    assert.match(address.associationId ?? '', /^eipassoc-/);
  });

  it('reads the load balancer, its listener and its target group with the targets\' health', () => {
    const balancer = inventory.loadBalancers[0]!;
    assert.deepEqual(
      [balancer.id, balancer.name, balancer.type, balancer.scheme, balancer.vpcId, [...balancer.subnetIds].sort(), balancer.securityGroupIds, balancer.tags],
      [world.loadBalancerArn, 'shop-lb', 'application', 'internet-facing', world.vpcId, [world.publicA, world.publicB].sort(), [world.webSg], { team: 'shop' }],
    );
    assert.match(balancer.dnsName, /^shop-lb-.*\.elb\.amazonaws\.com$/);
    const group = inventory.targetGroups[0]!;
    assert.deepEqual([group.name, group.protocol, group.port, group.vpcId, group.healthCheckPath, group.loadBalancerArns], ['shop-tg', 'HTTP', 80, world.vpcId, '/health', [world.loadBalancerArn]]);
    assert.deepEqual(group.targets.map((target) => target.id).sort(), [world.web1, world.web2].sort());
    assert.deepEqual(group.targets.map((target) => target.state), ['healthy', 'healthy'], JSON.stringify(group.targets));
    assert.deepEqual(inventory.listeners.map((listener) => [listener.id, listener.loadBalancerArn, listener.protocol, listener.port, listener.targetGroupArns]), [
      [world.listenerArn, world.loadBalancerArn, 'HTTP', 80, [world.targetGroupArn]],
    ]);
  });

  it('includes terminated instances when asked, and termination protection when asked', async () => {
    const all = await readInventory(clients, { kinds: ['instance'], includeTerminated: true, terminationProtection: true });
    assert.equal(all.instances.find((instance) => instance.id === world.old1)?.state, 'terminated');
    assert.equal(all.instances.find((instance) => instance.id === world.web1)?.terminationProtected, false);
    assert.equal(all.apiCalls, 1 + 3, 'one describe plus one attribute call per live instance');
  });

  it('reads only the kinds asked for, and listeners bring their load balancers', async () => {
    const instancesOnly = await readInventory(clients, { kinds: ['instance'] });
    assert.deepEqual([instancesOnly.apiCalls, instancesOnly.kinds, instancesOnly.instances.length, instancesOnly.vpcs.length], [1, ['instance'], 3, 0]);
    const listeners = await readInventory(clients, { kinds: ['listener'] });
    assert.deepEqual(listeners.kinds, ['load-balancer', 'listener']);
    assert.deepEqual([listeners.loadBalancers.length, listeners.listeners.length, listeners.targetGroups.length], [1, 1, 0]);
  });

  it('follows pagination to the end and counts each page', async () => {
    const paged = await readInventory(clients, { kinds: ['subnet'], pageSize: 5 });
    assert.equal(paged.subnets.length, inventory.subnets.length);
    assert.ok(paged.subnets.length > 5, 'more subnets than one page holds');
    assert.equal(paged.apiCalls, Math.ceil(paged.subnets.length / 5));
    assert.deepEqual(paged.subnets.map((subnet) => subnet.id).sort(), inventory.subnets.map((subnet) => subnet.id).sort());
  });

  it('reads one resource by id in one call, and says when it is gone', async () => {
    const one = await readResource(clients, 'instance', world.web2);
    assert.deepEqual([one.resource?.name, one.apiCalls], ['web-2', 1]);
    const terminated = await readResource(clients, 'instance', world.old1);
    assert.equal(terminated.resource?.kind === 'instance' ? terminated.resource.state : undefined, 'terminated');
    assert.deepEqual(await readResource(clients, 'volume', 'vol-0123456789abcdef0'), { resource: undefined, apiCalls: 1 });
    const balancer = await readResource(clients, 'load-balancer', world.loadBalancerArn);
    assert.equal(balancer.resource?.name, 'shop-lb');
    assert.equal((await readResource(clients, 'elastic-ip', world.publicIp)).resource?.id, world.allocationId);
  });
});

describe('readInventory when parts of the cloud cannot be read', () => {
  let gym: Gym;
  let missingElbv2: Server;
  let missingEndpoint: string;

  before(async () => {
    gym = await startTestGym();
    // An AWS-compatible endpoint without ELBv2, answering as LocalStack-like clouds do for a service they lack.
    missingElbv2 = createServer((_request, response) => {
      response.writeHead(501, { 'content-type': 'text/xml' });
      response.end('<ErrorResponse><Error><Type>Sender</Type><Code>NotImplemented</Code><Message>elasticloadbalancing is not available</Message></Error><RequestId>1</RequestId></ErrorResponse>');
    });
    await new Promise<void>((resolve) => missingElbv2.listen(0, '127.0.0.1', resolve));
    missingEndpoint = `http://127.0.0.1:${(missingElbv2.address() as AddressInfo).port}`;
  });
  after(async () => {
    await gym.stop();
    await new Promise((resolve) => missingElbv2.close(resolve));
  });

  it('shows no load balancers and one warning for an endpoint without ELBv2, instead of failing', async () => {
    const base = createCloudClients({ endpoint: gym.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const elbv2 = new ElasticLoadBalancingV2Client({ endpoint: missingEndpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const inventory = await readInventory({ ...base, elbv2 });
    assert.deepEqual([inventory.loadBalancers, inventory.targetGroups, inventory.listeners], [[], [], []]);
    assert.equal(inventory.vpcs.length, 1);
    assert.deepEqual(inventory.warnings?.map((warning) => [warning.service, warning.kinds, warning.code]), [['elbv2', ['load-balancer', 'target-group', 'listener'], 'NotImplemented']]);
    assert.equal(
      inventory.warnings?.[0]?.message,
      'load balancers, target groups and listeners not read: the endpoint does not serve elasticloadbalancing:DescribeLoadBalancers, elasticloadbalancing:DescribeTargetGroups (NotImplemented); they are shown as none',
    );
  });

  it('reads around a call the credentials may not make, and says which permission is missing', async () => {
    await admin(gym, 'POST', '/_gym/faults', { service: 'ec2', operation: 'DescribeVolumes', error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 } });
    const inventory = await readInventory(createCloudClients({ endpoint: gym.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
    assert.deepEqual(inventory.volumes, []);
    assert.ok(inventory.subnets.length > 0);
    assert.match(inventory.warnings?.[0]?.message ?? '', /^volumes not read: these credentials may not call ec2:DescribeVolumes \(UnauthorizedOperation\)/);
  });

  it('fails with the call and a way out when the read itself is refused', async () => {
    await admin(gym, 'POST', '/_gym/faults', { service: 'ec2', operation: 'DescribeInstances', error: { code: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials', status: 401 } });
    await assert.rejects(
      readInventory(createCloudClients({ endpoint: gym.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 })),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CloudReadFailed');
        assert.match(error.message, /^DescribeInstances failed \(AuthFailure\): AWS was not able to validate the provided access credentials \(check the AWS credentials/);
        return true;
      },
    );
  });
});
