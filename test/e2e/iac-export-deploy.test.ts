import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, CreateStackCommand, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DescribeStacksCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import {
  AllocateAddressCommand, AssociateAddressCommand, AssociateRouteTableCommand, AttachInternetGatewayCommand, CreateInternetGatewayCommand,
  CreateRouteCommand, CreateRouteTableCommand, CreateSubnetCommand,
} from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { attachNewVolume, createSecurityGroup, createVpcWithSubnet, launchInstances } from '../../src/bench/fixtures.js';
import { createCloudClients } from '../../src/cloud/clients.js';
import { readInventory } from '../../src/cloud/read-inventory.js';
import { exportTemplate } from '../../src/plan/iac/export-template.js';
import { renderTemplate } from '../../src/plan/iac/render-template.js';
import { startTestGym, TEST_CREDENTIALS, TEST_REGION } from '../support/gym.js';

const nameTag = (resourceType: string, name: string) => [{ ResourceType: resourceType as never, Tags: [{ Key: 'Name', Value: name }] }];

/** A small shop built call by call, as someone clicking in the console would: network, two web servers, a disk, an address, a load balancer. */
async function buildShop(cloud: BenchCloud): Promise<void> {
  const { ec2, elbv2 } = cloud;
  const { vpcId, subnetId } = await createVpcWithSubnet(cloud, 'main', '10.0.0.0/16', '10.0.1.0/24');
  const second = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b', TagSpecifications: nameTag('subnet', 'main-b') }));
  const subnets = [subnetId, second.Subnet!.SubnetId!];
  const gateway = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: nameTag('internet-gateway', 'main-igw') }))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gateway, VpcId: vpcId }));
  const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: nameTag('route-table', 'public-rt') }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway }));
  for (const subnet of subnets) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnet }));
  const group = await createSecurityGroup(cloud, 'web-sg', vpcId, [80, 443]);
  const [web1, web2] = (await launchInstances(cloud, [
    { name: 'web-1', subnetId, securityGroupIds: [group] },
    { name: 'web-2', subnetId: subnets[1]!, securityGroupIds: [group], instanceType: 't3.small' },
  ])) as [string, string];
  await attachNewVolume(cloud, web1, 20, 'gp3', '/dev/sdf', 'web-1-data');
  const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: nameTag('elastic-ip', 'web-2-ip') }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId!, InstanceId: web2 }));
  const balancer = await elbv2.send(new CreateLoadBalancerCommand({ Name: 'shop-lb', Subnets: subnets, SecurityGroups: [group] }));
  const targetGroup = await elbv2.send(new CreateTargetGroupCommand({ Name: 'shop-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckPath: '/health' }));
  const targetGroupArn = targetGroup.TargetGroups![0]!.TargetGroupArn!;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: web1 }, { Id: web2 }] }));
  await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: balancer.LoadBalancers![0]!.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
}

async function exportOf(endpoint: string) {
  return exportTemplate(await readInventory(createCloudClients({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS })));
}

describe('an exported template deploys with CreateStack into a fresh gym and gives the same resources', () => {
  let original: Gym;
  let fresh: Gym;
  before(async () => {
    [original, fresh] = await Promise.all([startTestGym({ speed: 600 }), startTestGym({ speed: 600 })]);
    await buildShop(benchCloud(original.endpoint));
  });
  after(async () => {
    await Promise.all([original.stop(), fresh.stop()]);
  });

  it('reaches CREATE_COMPLETE, and exporting the copy gives the template back, byte for byte', async () => {
    const exported = await exportOf(original.endpoint);
    assert.equal(exported.template.Parameters, undefined, 'a world outside the default VPC needs no parameters');
    const types = new Set(Object.values(exported.template.Resources).map((resource) => resource.Type));
    for (const type of ['AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VolumeAttachment', 'AWS::EC2::EIPAssociation', 'AWS::ElasticLoadBalancingV2::Listener']) {
      assert.ok(types.has(type), `${type} in the export of the shop`);
    }
    const body = renderTemplate(exported.template, 'yaml');
    const cloudFormation = new CloudFormationClient({ endpoint: fresh.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    await cloudFormation.send(new CreateStackCommand({ StackName: 'shop', TemplateBody: body }));
    let status = 'CREATE_IN_PROGRESS';
    let reason: string | undefined;
    for (let attempt = 0; attempt < 600 && status.endsWith('IN_PROGRESS'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'shop' }))).Stacks![0]!;
      status = stack.StackStatus!;
      reason = stack.StackStatusReason;
    }
    assert.equal(status, 'CREATE_COMPLETE', reason);
    const copy = await exportOf(fresh.endpoint);
    assert.deepEqual(Object.values(copy.logicalIds).sort(), Object.values(exported.logicalIds).sort());
    assert.equal(renderTemplate(copy.template, 'yaml'), body);
  });

  it('is in sync right after deploying: drift detection finds nothing the export wrote differing from the cloud', async () => {
    const cloudFormation = new CloudFormationClient({ endpoint: fresh.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const { StackDriftDetectionId } = await cloudFormation.send(new DetectStackDriftCommand({ StackName: 'shop' }));
    let status = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    for (let attempt = 0; attempt < 200 && status.DetectionStatus === 'DETECTION_IN_PROGRESS'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await cloudFormation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    }
    const drifts = (await cloudFormation.send(new DescribeStackResourceDriftsCommand({ StackName: 'shop', StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'] }))).StackResourceDrifts!;
    assert.deepEqual(drifts.map((drift) => [drift.LogicalResourceId, drift.PropertyDifferences]), []);
    assert.equal(status.StackDriftStatus, 'IN_SYNC');
  });
});
