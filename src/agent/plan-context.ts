import { describeInstanceTypes, findFamilyImage, findImageById, IMAGE_FAMILIES } from '../cloud/catalog.js';
import type { CloudClients } from '../cloud/clients.js';
import type { Inventory } from '../cloud/inventory.js';
import { imageKey, type ImageChoice, type InstanceTypeInfo, type PlanContext } from '../plan/context.js';
import type { CreateInstancesIntent, Intent } from '../plan/intent.js';
import { DEFAULT_IMAGE_FAMILY } from '../plan/builders/create-instances.js';

/** The instance type when a request names none: the free-tier-sized general purpose one. */
export const DEFAULT_INSTANCE_TYPE = 't3.micro';

function launches(intent: Intent): CreateInstancesIntent | undefined {
  if (intent.type === 'create-instances') return intent;
  if (intent.type === 'create-load-balancer' && 'type' in intent.instances && intent.instances.type === 'create-instances') return intent.instances;
  return undefined;
}

/**
 * Looks up the catalog facts an intent needs before it can be planned (images for launches, the
 * instance types it names or touches), so the plan builder itself stays a pure function.
 */
export async function planContextFor(intent: Intent, inventory: Inventory, clients: CloudClients): Promise<PlanContext & { apiCalls: number }> {
  let apiCalls = 0;
  const images = new Map<string, ImageChoice>();
  const typeNames = new Set<string>();
  const launch = launches(intent);
  if (launch) typeNames.add(launch.instanceType ?? DEFAULT_INSTANCE_TYPE);
  if (intent.type === 'resize') typeNames.add(intent.instanceType);
  const types = new Map<string, InstanceTypeInfo>();
  apiCalls += typeNames.size;
  for (const facts of await describeInstanceTypes(clients, [...typeNames])) types.set(facts.name, facts);
  if (launch) {
    if (launch.image?.imageId) {
      apiCalls++;
      const image = await findImageById(clients, launch.image.imageId);
      if (image) images.set(launch.image.imageId, image);
    } else {
      const family = launch.image?.family ?? DEFAULT_IMAGE_FAMILY;
      const architectures = types.get(launch.instanceType ?? DEFAULT_INSTANCE_TYPE)?.architectures ?? ['x86_64'];
      for (const architecture of architectures.filter((candidate) => IMAGE_FAMILIES[family]?.architectures.includes(candidate))) {
        apiCalls++;
        const image = await findFamilyImage(clients, family, architecture);
        if (image) images.set(imageKey(family, architecture), image);
      }
    }
  }
  return { inventory, region: clients.region, images, instanceTypes: types, defaultInstanceType: DEFAULT_INSTANCE_TYPE, apiCalls };
}
