import type { AnyResourceView, Inventory, SecurityRuleView } from './inventory.js';
import { indexById } from './inventory-query.js';

/**
 * The few facts about a resource worth a glance, in the order people read them: state and size first,
 * then where it sits and how it is reached ("running", "t3.micro", "10.0.1.11", "public 54.0.0.11").
 */
export function describeResource(resource: AnyResourceView, inventory?: Inventory): string[] {
  const nameOf = inventory ? namer(inventory) : (id: string) => id;
  switch (resource.kind) {
    case 'vpc':
      return [resource.cidrBlock, ...(resource.isDefault ? ['default'] : []), ...(resource.state !== 'available' ? [resource.state] : [])];
    case 'subnet':
      return [resource.cidrBlock, resource.availabilityZone, ...(resource.mapPublicIpOnLaunch ? ['public IPs on launch'] : []), ...(resource.defaultForAz ? ['default'] : [])];
    case 'internet-gateway':
      return resource.vpcId ? [] : ['detached'];
    case 'route-table':
      return [
        ...(resource.main ? ['main'] : []),
        ...resource.routes.filter((route) => route.target !== 'local').map((route) => `${route.destination} → ${route.target ? nameOf(route.target) : '?'}`),
      ];
    case 'security-group':
      return [...(resource.name !== resource.groupName ? [resource.groupName] : []), ...summarizeRules(resource.rules, nameOf)];
    case 'key-pair':
      return resource.keyType ? [resource.keyType] : [];
    case 'instance':
      return [
        resource.state, resource.instanceType,
        ...(resource.lifecycle === 'spot' ? ['spot'] : []),
        ...(resource.privateIpAddress ? [resource.privateIpAddress] : []),
        ...(resource.publicIpAddress ? [`public ${resource.publicIpAddress}`] : []),
        ...(resource.monitoring === 'enabled' ? ['detailed monitoring'] : []),
      ];
    case 'volume':
      return [
        `${resource.sizeGiB} GiB ${resource.volumeType}`,
        ...(resource.attachment ? [resource.attachment.device] : [resource.state]),
        ...(resource.encrypted ? ['encrypted'] : []),
      ];
    case 'elastic-ip':
      return [resource.publicIp, ...(resource.instanceId ? [] : ['unassociated'])];
    case 'load-balancer':
      return [resource.type, resource.scheme, resource.state];
    case 'target-group': {
      const healthy = resource.targets.filter((target) => target.state === 'healthy').length;
      return [
        [resource.protocol, resource.port].filter((part) => part !== undefined).join(':'),
        `${healthy}/${resource.targets.length} healthy`,
        ...(resource.healthCheckPath ? [`checks ${resource.healthCheckPath}`] : []),
      ].filter((part) => part !== '');
    }
    case 'listener':
      return [[resource.protocol, resource.port].filter((part) => part !== undefined).join(':')].filter((part) => part !== '');
  }
}

/** Ingress rules in short ("in tcp/80 from 0.0.0.0/0"); egress only when it is not the usual allow-all. */
function summarizeRules(rules: readonly SecurityRuleView[], nameOf: (id: string) => string): string[] {
  const describe = (rule: SecurityRuleView) => {
    const ports = rule.protocol === '-1' ? 'all' : rule.fromPort === rule.toPort ? `${rule.protocol}/${rule.fromPort ?? 'all'}` : `${rule.protocol}/${rule.fromPort}-${rule.toPort}`;
    return `${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${nameOf(rule.source)}`;
  };
  const ingress = rules.filter((rule) => rule.direction === 'ingress').map((rule) => `in ${describe(rule)}`);
  const egress = rules.filter((rule) => rule.direction === 'egress');
  const allowAll = egress.length === 1 && egress[0]!.protocol === '-1' && egress[0]!.source === '0.0.0.0/0';
  return [...(ingress.length > 0 ? ingress : ['no inbound rules']), ...(allowAll ? [] : egress.map((rule) => `out ${describe(rule)}`))];
}

/** Names for ids in the inventory (a route's gateway, a rule's source group). */
function namer(inventory: Inventory): (id: string) => string {
  let index: Map<string, AnyResourceView> | undefined;
  return (id) => {
    index ??= indexById(inventory);
    return index.get(id)?.name ?? id;
  };
}
