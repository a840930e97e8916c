import type { Inventory } from '../../cloud/inventory.js';
import { sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { imageKey, type PlanContext } from '../context.js';

/** A plan context over the sample shop (or another inventory), with Amazon Linux images and three instance types. */
export function samplePlanContext(inventory: Inventory = sampleInventory()): PlanContext {
  return {
    inventory,
    region: 'us-east-1',
    images: new Map([
      [imageKey('amazon-linux-2023', 'x86_64'), { imageId: 'ami-0x86', name: 'al2023-ami-2023.6-x86_64', architecture: 'x86_64', rootDeviceName: '/dev/xvda' }],
      [imageKey('amazon-linux-2023', 'arm64'), { imageId: 'ami-0arm', name: 'al2023-ami-2023.6-arm64', architecture: 'arm64', rootDeviceName: '/dev/xvda' }],
    ]),
    instanceTypes: new Map([
      ['t3.micro', { name: 't3.micro', vCpus: 2, memoryMiB: 1024, architectures: ['x86_64'] }],
      ['t3.large', { name: 't3.large', vCpus: 2, memoryMiB: 8192, architectures: ['x86_64'] }],
      ['t4g.small', { name: 't4g.small', vCpus: 2, memoryMiB: 2048, architectures: ['arm64'] }],
    ]),
    defaultInstanceType: 't3.micro',
  };
}
