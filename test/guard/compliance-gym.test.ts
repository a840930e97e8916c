import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeSubnetsCommand, ModifyInstanceMetadataOptionsCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand, ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { createCloudClients, GYM_CREDENTIALS, type CloudClients } from '../../src/cloud/clients.js';
import type { InstanceView, LoadBalancerView } from '../../src/cloud/inventory.js';
import { readInventory } from '../../src/cloud/read-inventory.js';
import { readResource } from '../../src/cloud/read-resource.js';
import { checkCompliance } from '../../src/guard/compliance/index.js';
import { planOf, step } from '../../src/guard/compliance/testing/plans.js';
import { DEFAULT_POLICY_FILE } from '../../src/guard/policy-file/index.js';
import { admin, startTestGym, TEST_REGION } from '../support/gym.js';
import { sdkClients, sdkError } from '../support/sdk.js';

describe('compliance sees what a real gym reports: IMDS settings and deletion protection', () => {
  let gym: Gym;
  let clients: CloudClients;
  let sdk: ReturnType<typeof sdkClients>;
  let legacy: string;
  let modern: string;
  let balancerArn: string;

  before(async () => {
    gym = await startTestGym();
    sdk = sdkClients(gym.endpoint);
    clients = createCloudClients({ endpoint: gym.endpoint, region: TEST_REGION, credentials: GYM_CREDENTIALS });
    const image = (await sdk.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*'] }, { Name: 'architecture', Values: ['x86_64'] }] }))).Images![0]!;
    const launch = async (name: string, httpTokens?: 'optional' | 'required') => (await sdk.ec2.send(new RunInstancesCommand({
      ImageId: image.ImageId!, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
      ...(httpTokens ? { MetadataOptions: { HttpTokens: httpTokens } } : {}),
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }))).Instances![0]!.InstanceId!;
    legacy = await launch('legacy-1', 'optional');
    modern = await launch('modern-1');
    const subnets = (await sdk.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets!;
    balancerArn = (await sdk.elbv2.send(new CreateLoadBalancerCommand({ Name: 'shop-lb', Subnets: subnets.slice(0, 2).map((subnet) => subnet.SubnetId!) }))).LoadBalancers![0]!.LoadBalancerArn!;
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 300 });
  });
  after(async () => {
    await gym.stop();
  });

  const instanceNamed = (instances: readonly InstanceView[], id: string) => instances.find((instance) => instance.id === id)!;

  it('reads each instance\'s metadata options: as launched, the image\'s IMDSv2 default, and after a change', async () => {
    const inventory = await readInventory(clients, { kinds: ['instance'] });
    assert.deepEqual([instanceNamed(inventory.instances, legacy).metadataHttpTokens, instanceNamed(inventory.instances, legacy).metadataHttpEndpoint], ['optional', 'enabled']);
    assert.equal(instanceNamed(inventory.instances, modern).metadataHttpTokens, 'required', 'Amazon Linux 2023 images default to IMDSv2');
    await sdk.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: legacy, HttpTokens: 'required' }));
    const reread = await readResource(clients, 'instance', legacy);
    assert.equal((reread.resource as InstanceView).metadataHttpTokens, 'required');
    await sdk.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: legacy, HttpTokens: 'optional' }));
  });

  it('reads deletion protection, off by default, on once set, and the gym refuses to delete a protected load balancer', async () => {
    const before = await readInventory(clients, { kinds: ['load-balancer'] });
    assert.equal(before.loadBalancers[0]!.deletionProtection, false);
    await sdk.elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: balancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
    const after = await readResource(clients, 'load-balancer', balancerArn);
    assert.equal((after.resource as LoadBalancerView).deletionProtection, true);
    const refused = await sdkError(sdk.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: balancerArn })));
    assert.equal(refused.code, 'OperationNotPermittedException', 'the SDK\'s name for AWS\'s OperationNotPermitted');
    assert.match(refused.message, /deletion protection/);
  });

  it('checks plans against the inventory read: blames the change that weakens a resource, not what it already was', async () => {
    const inventory = await readInventory(clients);
    const weaken = planOf(step('ModifyInstanceMetadataOptions', { InstanceId: modern, HttpTokens: 'optional' }, { id: modern, name: 'modern-1' }));
    assert.deepEqual(checkCompliance(weaken, inventory, DEFAULT_POLICY_FILE).map((finding) => [finding.ruleId, finding.message]), [
      ['CIRRO-EC2-007', `modern-1 (${modern}) allows IMDSv1 (instance metadata HttpTokens is optional)`],
    ]);
    const tagLegacy = planOf(step('CreateTags', { Resources: [legacy], Tags: [{ Key: 'team', Value: 'ops' }] }, { id: legacy, name: 'legacy-1' }));
    assert.deepEqual(checkCompliance(tagLegacy, inventory, DEFAULT_POLICY_FILE), [], 'legacy-1 allowed IMDSv1 before this plan; tagging it does not make that the plan\'s doing');
    const unprotect = planOf(step('ModifyLoadBalancerAttributes', { LoadBalancerArn: balancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }, { kind: 'load-balancer', id: balancerArn }));
    assert.deepEqual(checkCompliance(unprotect, inventory, DEFAULT_POLICY_FILE).map((finding) => finding.message), [
      'shop-lb (load balancer) has deletion protection off, so one mistaken call deletes it',
    ]);
  });
});
