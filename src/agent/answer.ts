import type { AnyResourceView, InstanceView, Inventory, VolumeView } from '../cloud/inventory.js';
import { allResources } from '../cloud/inventory.js';
import type { Intent } from '../plan/intent.js';

type QueryIntent = Extract<Intent, { type: 'query' }>;

/** An answer to a question: what a person reads, and the same facts as data. */
export interface Answer {
  readonly text: string;
  readonly data: unknown;
}

function name(resource: { id: string; name?: string | undefined }): string {
  return resource.name ? `${resource.name} (${resource.id})` : resource.id;
}

/** The instances the question is about, in the answer inventory (ids from the planning step's targets). */
function askedInstances(intent: QueryIntent, inventory: Inventory, ids: readonly string[] | undefined): InstanceView[] {
  const alive = inventory.instances.filter((instance) => instance.state !== 'terminated');
  return ids ? alive.filter((instance) => ids.includes(instance.id)) : alive;
}

function disksOf(instance: InstanceView, volumes: readonly VolumeView[]) {
  return volumes
    .filter((volume) => volume.attachment?.instanceId === instance.id)
    .map((volume) => ({ volumeId: volume.id, name: volume.name, device: volume.attachment!.device, sizeGiB: volume.sizeGiB, volumeType: volume.volumeType, state: volume.state, root: volume.attachment!.device === instance.rootDeviceName }))
    .sort((a, b) => a.device.localeCompare(b.device));
}

/** Composes the answer to a monitoring question from the inventory its read steps produced. */
export function answerQuery(intent: QueryIntent, inventory: Inventory, instanceIds: readonly string[] | undefined, graph: (inventory: Inventory) => Answer): Answer {
  switch (intent.question) {
    case 'status': {
      const instances = askedInstances(intent, inventory, instanceIds);
      return {
        text: instances.length ? instances.map((instance) => `${name(instance)} is ${instance.state}`).join('\n') : 'there are no instances',
        data: instances.map((instance) => ({ id: instance.id, name: instance.name, state: instance.state })),
      };
    }
    case 'public-ip':
    case 'private-ip':
    case 'addresses': {
      const instances = askedInstances(intent, inventory, instanceIds);
      const lines = instances.map((instance) => {
        const publicPart = instance.publicIpAddress ? `public ${instance.publicIpAddress}` : 'no public IP';
        const privatePart = instance.privateIpAddress ? `private ${instance.privateIpAddress}` : 'no private IP';
        const parts = intent.question === 'public-ip' ? [publicPart] : intent.question === 'private-ip' ? [privatePart] : [publicPart, privatePart];
        return `${name(instance)}: ${parts.join(', ')}`;
      });
      return { text: lines.join('\n') || 'there are no instances', data: instances.map((instance) => ({ id: instance.id, name: instance.name, publicIpAddress: instance.publicIpAddress ?? null, privateIpAddress: instance.privateIpAddress ?? null })) };
    }
    case 'instance-type': {
      const instances = askedInstances(intent, inventory, instanceIds);
      return { text: instances.map((instance) => `${name(instance)} is a ${instance.instanceType}${instance.lifecycle === 'spot' ? ' (spot)' : ''}`).join('\n'), data: instances.map((instance) => ({ id: instance.id, name: instance.name, instanceType: instance.instanceType, lifecycle: instance.lifecycle })) };
    }
    case 'describe': {
      const instances = askedInstances(intent, inventory, instanceIds);
      const text = instances.map((instance) => [
        `${name(instance)}: ${instance.state}, ${instance.instanceType}${instance.lifecycle === 'spot' ? ' spot' : ''}, ${instance.imageId}`,
        `  network: ${instance.vpcId ?? '-'} / ${instance.subnetId ?? '-'} (${instance.availabilityZone ?? '-'}), private ${instance.privateIpAddress ?? '-'}, public ${instance.publicIpAddress ?? '-'}`,
        `  security groups: ${instance.securityGroupIds.join(', ') || '-'}; monitoring ${instance.monitoring}; volumes ${instance.volumes.map((volume) => `${volume.volumeId} (${volume.device})`).join(', ') || '-'}`,
      ].join('\n')).join('\n');
      return { text: text || 'there are no instances', data: instances };
    }
    case 'disks': {
      const instances = askedInstances(intent, inventory, instanceIds);
      const data = instances.map((instance) => ({ id: instance.id, name: instance.name, disks: disksOf(instance, inventory.volumes) }));
      const text = data.map((entry) => {
        const disks = entry.disks.map((disk) => `  ${disk.volumeId}${disk.name ? ` (${disk.name})` : ''}: ${disk.sizeGiB} GiB ${disk.volumeType} at ${disk.device}${disk.root ? ', root' : ''}, ${disk.state}`);
        return `${entry.name ?? entry.id} has ${entry.disks.length} disk${entry.disks.length === 1 ? '' : 's'}:\n${disks.join('\n')}`;
      }).join('\n');
      return { text, data };
    }
    case 'count':
    case 'list': {
      const kind = intent.kind ?? intent.targets?.kind ?? 'instance';
      let resources = allResources(inventory).filter((resource) => resource.kind === kind);
      if (kind === 'instance') resources = resources.filter((resource) => (resource as InstanceView).state !== 'terminated');
      const states = new Map<string, number>();
      for (const resource of resources) {
        const state = 'state' in resource ? String((resource as { state: unknown }).state) : undefined;
        if (state) states.set(state, (states.get(state) ?? 0) + 1);
      }
      const breakdown = states.size > 1 ? ` (${[...states].map(([state, count]) => `${count} ${state}`).join(', ')})` : '';
      const noun = `${kind.replace('-', ' ')}${resources.length === 1 ? '' : 's'}`;
      if (intent.question === 'count') return { text: `${resources.length} ${noun}${breakdown}`, data: { kind, count: resources.length, byState: Object.fromEntries(states) } };
      return { text: [`${resources.length} ${noun}${breakdown}:`, ...resources.map((resource) => `  ${describe(resource)}`)].join('\n'), data: resources };
    }
    case 'network-peers': {
      const [subject] = askedInstances(intent, inventory, instanceIds);
      const peers = inventory.instances.filter((instance) => instance.vpcId === subject?.vpcId && instance.id !== subject?.id && instance.state !== 'terminated');
      const text = subject
        ? peers.length
          ? `${name(subject)} shares ${subject.vpcId} with:\n${peers.map((peer) => `  ${name(peer)} in ${peer.subnetId}${peer.subnetId === subject.subnetId ? ' (same subnet)' : ''}, ${peer.state}`).join('\n')}`
          : `${name(subject)} is alone in ${subject.vpcId}`
        : 'that instance was not found';
      return { text, data: { vpcId: subject?.vpcId, peers: peers.map((peer) => ({ id: peer.id, name: peer.name, subnetId: peer.subnetId, sameSubnet: peer.subnetId === subject?.subnetId })) } };
    }
    case 'lb-members':
    case 'target-health': {
      const groups = inventory.targetGroups.filter((group) => group.targets.length > 0 || !intent.targets);
      const lines: string[] = [];
      const data = groups.map((group) => {
        const balancers = inventory.loadBalancers.filter((balancer) => group.loadBalancerArns.includes(balancer.id)).map((balancer) => balancer.name);
        lines.push(`${group.name}${balancers.length ? ` (behind ${balancers.join(', ')})` : ''}: ${group.targets.length} target${group.targets.length === 1 ? '' : 's'}`);
        const targets = group.targets.map((target) => {
          const instance = inventory.instances.find((candidate) => candidate.id === target.id);
          lines.push(`  ${instance ? name(instance) : target.id}${target.port ? `:${target.port}` : ''} ${target.state}${target.reason ? ` (${target.reason})` : ''}`);
          return { id: target.id, name: instance?.name, port: target.port, state: target.state, reason: target.reason };
        });
        return { targetGroup: group.name, loadBalancers: balancers, targets };
      });
      return { text: lines.join('\n') || 'no targets', data };
    }
    case 'graph':
      return graph(inventory);
  }
}

function describe(resource: AnyResourceView): string {
  const extra = (() => {
    switch (resource.kind) {
      case 'instance': return `${resource.state}, ${resource.instanceType}, ${resource.privateIpAddress ?? '-'}${resource.publicIpAddress ? ` / ${resource.publicIpAddress}` : ''}`;
      case 'volume': return `${resource.sizeGiB} GiB ${resource.volumeType}, ${resource.state}${resource.attachment ? ` on ${resource.attachment.instanceId}` : ''}`;
      case 'vpc': return `${resource.cidrBlock}${resource.isDefault ? ', default' : ''}`;
      case 'subnet': return `${resource.cidrBlock} in ${resource.availabilityZone}, ${resource.vpcId}`;
      case 'security-group': return `${resource.groupName} in ${resource.vpcId}`;
      case 'load-balancer': return `${resource.type}, ${resource.state}, ${resource.dnsName}`;
      case 'target-group': return `${resource.protocol ?? '-'}:${resource.port ?? '-'}, ${resource.targets.length} targets`;
      case 'elastic-ip': return `${resource.publicIp}${resource.instanceId ? ` on ${resource.instanceId}` : ''}`;
      default: return '';
    }
  })();
  return `${name(resource)}${extra ? `: ${extra}` : ''}`;
}
