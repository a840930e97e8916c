import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld } from './compute-testing.js';

describe('DescribeInstanceTypes', () => {
  it('gives the real vCPUs, memory, architecture and network performance', () => {
    const world = computeTestWorld();
    const types = world.call('DescribeInstanceTypes', { InstanceTypes: ['t2.micro', 't3.nano', 't4g.medium', 'm5.xlarge', 'c6i.4xlarge', 'r5.large', 'm7g.2xlarge'] }).InstanceTypes;
    const row = (name: string) => {
      const info = types.find((type: any) => type.InstanceType === name);
      return [info.VCpuInfo.DefaultVCpus, info.MemoryInfo.SizeInMiB, info.ProcessorInfo.SupportedArchitectures.join(','), info.NetworkInfo.NetworkPerformance];
    };
    assert.deepEqual(row('t2.micro'), [1, 1024, 'i386,x86_64', 'Low to Moderate']);
    assert.deepEqual(row('t3.nano'), [2, 512, 'x86_64', 'Up to 5 Gigabit']);
    assert.deepEqual(row('t4g.medium'), [2, 4096, 'arm64', 'Up to 5 Gigabit']);
    assert.deepEqual(row('m5.xlarge'), [4, 16384, 'x86_64', 'Up to 10 Gigabit']);
    assert.deepEqual(row('c6i.4xlarge'), [16, 32768, 'x86_64', 'Up to 12.5 Gigabit']);
    assert.deepEqual(row('r5.large'), [2, 16384, 'x86_64', 'Up to 10 Gigabit']);
    assert.deepEqual(row('m7g.2xlarge'), [8, 32768, 'arm64', 'Up to 15 Gigabit']);
    assert.equal(types.find((type: any) => type.InstanceType === 't2.micro').FreeTierEligible, true);
  });

  it('filters by architecture and vCPUs, pages 5..100, and names unknown types', () => {
    const world = computeTestWorld();
    const arm = world.call('DescribeInstanceTypes', { Filters: [{ Name: 'processor-info.supported-architecture', Values: ['arm64'] }, { Name: 'vcpu-info.default-vcpus', Values: ['2'] }], MaxResults: 100 }).InstanceTypes;
    assert.ok(arm.length > 0);
    for (const type of arm) {
      assert.deepEqual(type.ProcessorInfo.SupportedArchitectures, ['arm64']);
      assert.equal(type.VCpuInfo.DefaultVCpus, 2);
    }
    assert.ok(arm.some((type: any) => type.InstanceType === 't4g.micro'));
    assert.deepEqual(world.fail('DescribeInstanceTypes', { InstanceTypes: ['t9.micro'] }), {
      code: 'InvalidInstanceType', message: 'The following supplied instance types do not exist: [t9.micro]',
    });
    assert.equal(world.fail('DescribeInstanceTypes', { MaxResults: 101 }).code, 'InvalidParameterValue');
    const offerings = world.call('DescribeInstanceTypeOfferings', { LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: ['t3.micro'] }] }).InstanceTypeOfferings;
    assert.deepEqual(offerings.map((offering: any) => offering.Location), ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
  });
});
