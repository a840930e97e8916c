import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StackResourceDrift } from '@aws-sdk/client-cloudformation';
import type { CloudClients } from '../../cloud/clients.js';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { driftReport } from './index.js';

const ids = SAMPLE_IDS;
const web = { Vpc: ids.vpc, WebGroup: ids.webSg, Web: ids.web1, Spare: 'sg-0f00000000000dead', Attach: 'vol-0a1b2c3d4e5f60011-attachment', Lb: ids.loadBalancer, Data: ids.apiData };

/** DescribeStackResourceDrifts as the gym (and AWS) answered for the 'web' stack after hands-on changes. */
const recordedDrifts: StackResourceDrift[] = [
  modified('Vpc', 'AWS::EC2::VPC', { Tags: [{ Key: 'Name', Value: 'main' }] }, { Tags: [{ Key: 'Name', Value: 'renamed' }] },
    [{ PropertyPath: '/Tags/0/Value', ExpectedValue: 'main', ActualValue: 'renamed', DifferenceType: 'NOT_EQUAL' }]),
  modified('WebGroup', 'AWS::EC2::SecurityGroup',
    { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }, { CidrIp: '0.0.0.0/0', FromPort: 22, IpProtocol: 'tcp', ToPort: 22 }, { CidrIp: '10.0.0.0/8', FromPort: 8080, IpProtocol: 'tcp', ToPort: 8080 }] }, [
      { PropertyPath: '/SecurityGroupIngress/1', ExpectedValue: 'null', ActualValue: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}', DifferenceType: 'ADD' },
      { PropertyPath: '/SecurityGroupIngress/2', ExpectedValue: 'null', ActualValue: '{"CidrIp":"10.0.0.0/8","FromPort":8080,"IpProtocol":"tcp","ToPort":8080}', DifferenceType: 'ADD' },
    ]),
  modified('Web', 'AWS::EC2::Instance', { InstanceType: 't3.micro', DisableApiTermination: true }, { InstanceType: 't3.small', DisableApiTermination: false }, [
    { PropertyPath: '/InstanceType', ExpectedValue: 't3.micro', ActualValue: 't3.small', DifferenceType: 'NOT_EQUAL' },
    { PropertyPath: '/DisableApiTermination', ExpectedValue: 'true', ActualValue: 'false', DifferenceType: 'NOT_EQUAL' },
  ]),
  modified('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }, { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] },
    [{ PropertyPath: '/LoadBalancerAttributes/0/Value', ExpectedValue: 'true', ActualValue: 'false', DifferenceType: 'NOT_EQUAL' }]),
  { LogicalResourceId: 'Spare', PhysicalResourceId: web.Spare, ResourceType: 'AWS::EC2::SecurityGroup', StackResourceDriftStatus: 'DELETED', PropertyDifferences: [], StackId: 'web', Timestamp: new Date() },
];

function modified(logicalId: keyof typeof web, type: string, expected: object, actual: object, differences: StackResourceDrift['PropertyDifferences']): StackResourceDrift {
  return {
    LogicalResourceId: logicalId, PhysicalResourceId: web[logicalId], ResourceType: type, StackResourceDriftStatus: 'MODIFIED', StackId: 'web', Timestamp: new Date(),
    ExpectedProperties: JSON.stringify(expected), ActualProperties: JSON.stringify(actual), PropertyDifferences: differences,
  };
}

/** A CloudFormation client that answers from recorded pages and counts status polls. */
function recordedClients(stacks: Record<string, { drifts: StackResourceDrift[]; physicalIds: string[]; pollsBeforeDone?: number }>): CloudClients & { calls: string[] } {
  const calls: string[] = [];
  const polls = new Map<string, number>();
  const send = async (command: { constructor: { name: string }; input: any }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls.push(name);
    const stack = stacks[command.input.StackName ?? command.input.StackDriftDetectionId];
    switch (name) {
      case 'ListStacks': return { StackSummaries: Object.keys(stacks).map((StackName) => ({ StackName, StackStatus: 'CREATE_COMPLETE' })) };
      case 'ListStackResources': return { StackResourceSummaries: stack!.physicalIds.map((PhysicalResourceId) => ({ PhysicalResourceId })) };
      case 'DetectStackDrift': return { StackDriftDetectionId: command.input.StackName };
      case 'DescribeStackDriftDetectionStatus': {
        const count = (polls.get(command.input.StackDriftDetectionId) ?? 0) + 1;
        polls.set(command.input.StackDriftDetectionId, count);
        if (count <= (stack!.pollsBeforeDone ?? 0)) return { DetectionStatus: 'DETECTION_IN_PROGRESS' };
        return { DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: stack!.drifts.length > 0 ? 'DRIFTED' : 'IN_SYNC', DriftedStackResourceCount: stack!.drifts.length };
      }
      case 'DescribeStackResourceDrifts': return { StackResourceDrifts: stack!.drifts };
      default: throw new Error(`unexpected ${name}`);
    }
  };
  return { cloudformation: { send } as never, ec2: undefined as never, elbv2: undefined as never, region: 'us-east-1', calls };
}

const noWait = async () => {};
const everythingManaged = [ids.vpc, ids.publicA, ids.publicB, ids.igw, ids.publicRouteTable, ids.webSg, ids.lbSg, ids.keyPair, ids.web1, ids.web2, ids.web3, ids.api1, ids.db1, ids.apiData, ids.logs, '3.80.0.1', ids.loadBalancer, ids.targetGroup, ids.listener];

describe('driftReport', () => {
  it('ranks recorded drift most severe first: SSH to the world, then protection and other opened ports, then resize and loss, then tags', async () => {
    const clients = recordedClients({ web: { drifts: recordedDrifts, physicalIds: everythingManaged, pollsBeforeDone: 2 } });
    const report = await driftReport(clients, sampleInventory(), { wait: noWait });
    assert.equal(report.inSync, false);
    assert.deepEqual(report.stacks, [{ name: 'web', status: 'DRIFTED', resources: everythingManaged.length, driftedResources: 5 }]);
    assert.deepEqual(report.findings.map((finding) => [finding.severity, finding.kind, finding.logicalId, finding.property ?? '', finding.reason]), [
      ['critical', 'modified', 'WebGroup', '/SecurityGroupIngress/1', 'port 22 (SSH) opened to the internet (0.0.0.0/0)'],
      ['high', 'modified', 'Lb', '/LoadBalancerAttributes/0/Value', 'deletion protection disabled: the load balancer can now be deleted by anyone allowed to'],
      ['high', 'modified', 'Web', '/DisableApiTermination', 'termination protection disabled: the instance can now be terminated by accident'],
      ['high', 'modified', 'WebGroup', '/SecurityGroupIngress/2', 'port 8080 opened to 10.0.0.0/8'],
      ['medium', 'modified', 'Web', '/InstanceType', 'resized: InstanceType t3.micro → t3.small'],
      ['medium', 'deleted', 'Spare', '', 'deleted outside the code: the stack still expects it (an update that touches it will fail)'],
      ['low', 'modified', 'Vpc', '/Tags/0/Value', 'tag Name changed outside the code'],
    ]);
    const resize = report.findings.find((finding) => finding.property === '/InstanceType')!;
    assert.deepEqual([resize.stack, resize.physicalId, resize.expected, resize.actual, resize.difference], ['web', ids.web1, 't3.micro', 't3.small', 'NOT_EQUAL']);
  });

  it('lists resources in no stack as unmanaged, leaving out what AWS creates by itself', async () => {
    const managed = everythingManaged.filter((id) => id !== ids.logs && id !== ids.web3 && id !== '3.80.0.1');
    const report = await driftReport(recordedClients({ web: { drifts: [], physicalIds: managed } }), sampleInventory(), { wait: noWait });
    assert.deepEqual(report.findings.map((finding) => [finding.severity, finding.kind, finding.physicalId, finding.resourceType, finding.name]), [
      ['low', 'unmanaged', ids.apiIp, 'AWS::EC2::EIP', 'api-ip'],
      ['low', 'unmanaged', ids.web3, 'AWS::EC2::Instance', 'web-3'],
      ['low', 'unmanaged', ids.logs, 'AWS::EC2::Volume', 'logs'],
    ]);
    assert.equal(report.inSync, false);
  });

  it('is in sync when every stack is and every resource is managed, and narrows to named stacks without judging unmanaged resources', async () => {
    const clients = recordedClients({ web: { drifts: [], physicalIds: everythingManaged }, other: { drifts: recordedDrifts, physicalIds: [] } });
    const narrowed = await driftReport(clients, sampleInventory(), { stacks: ['web'], wait: noWait });
    assert.deepEqual([narrowed.inSync, narrowed.unmanagedChecked, narrowed.stacks.map((stack) => stack.name), narrowed.findings], [true, false, ['web'], []]);
    assert.equal(clients.calls.filter((call) => call === 'DetectStackDrift').length, 1, 'only the named stack is detected');
  });

  it('reports a stack it cannot check as NOT_CHECKED with the reason, and a detection that never ends as not finished', async () => {
    const missing = await driftReport(recordedClients({ web: { drifts: [], physicalIds: everythingManaged } }), sampleInventory(), { stacks: ['nope'], wait: noWait });
    assert.equal(missing.inSync, false);
    assert.equal(missing.stacks[0]!.status, 'NOT_CHECKED');
    assert.match(missing.stacks[0]!.problem!, /no stack named nope is in a state drift detection can check/);
    const slow = await driftReport(recordedClients({ web: { drifts: [], physicalIds: everythingManaged, pollsBeforeDone: 1000 } }), sampleInventory(), { wait: noWait, timeoutMilliseconds: 1000 });
    assert.match(slow.stacks[0]!.problem!, /did not finish in time/);
  });
});
