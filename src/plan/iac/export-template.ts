import { dependencyEdges } from '../../cloud/graph.js';
import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../../cloud/inventory.js';
import { isRootVolume, writeElasticIp, writeInstance, writeVolume } from './compute-resources.js';
import { writeListener, writeLoadBalancer, writeTargetGroup } from './load-balancing-resources.js';
import { assignLogicalIds } from './logical-ids.js';
import { writeInternetGateway, writeRouteTable, writeSecurityGroup, writeSubnet, writeVpc } from './network-resources.js';
import { TemplateBuilder, type TemplateParameterEntry, type TemplateResourceEntry } from './template-builder.js';

/** What to export. */
export interface ExportOptions {
  /** The resources to write (ids or ARNs); all but the defaults AWS creates when absent. */
  readonly resourceIds?: readonly string[];
  /** Also write what they depend on (subnet, VPC, groups, …) and their network's parts, instead of parameters for them. */
  readonly includeDependencies?: boolean;
  /**
   * Logical ids to use instead of the ones made from names (the IaC executor passes a stack's own, so
   * before- and after-views of a change line up with the template the stack already has).
   */
  readonly logicalIds?: ReadonlyMap<string, string>;
}

/** A CloudFormation template as plain data. */
export interface CloudFormationTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Parameters?: Record<string, TemplateParameterEntry>;
  readonly Resources: Record<string, TemplateResourceEntry>;
}

/** A resource left out, and why. */
export interface SkippedResource {
  readonly id: string;
  readonly reason: string;
}

/** The exported template, the logical id of each exported resource, and what was left out. */
export interface ExportedTemplate {
  readonly template: CloudFormationTemplate;
  readonly logicalIds: Record<string, string>;
  readonly skipped: readonly SkippedResource[];
  /** What the template cannot carry (a stopped instance is created running, …). */
  readonly notes: readonly string[];
}

const WRITE_ORDER: readonly ResourceKind[] = [
  'vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'instance', 'volume', 'elastic-ip', 'load-balancer', 'target-group', 'listener',
];

/**
 * Writes the current state of chosen resources as a CloudFormation template that deploys them again:
 * references between exported resources become Ref/Fn::GetAtt, references to anything else become
 * typed parameters defaulting to today's values, and values AWS would fill in anyway are left out.
 * The same inventory always gives the same template.
 */
export function exportTemplate(inventory: Inventory, options: ExportOptions = {}): ExportedTemplate {
  const logicalIds = options.logicalIds ? new Map(options.logicalIds) : assignLogicalIds(inventory);
  const { selected, skipped } = selectResources(inventory, options);
  const builder = new TemplateBuilder(inventory, logicalIds, new Set(selected.map((resource) => resource.id)));
  const attachments = new Map<string, string>();
  const ordered = [...selected].sort((left, right) =>
    WRITE_ORDER.indexOf(left.kind) - WRITE_ORDER.indexOf(right.kind) || logicalIds.get(left.id)!.localeCompare(logicalIds.get(right.id)!));
  const written: string[] = [];
  for (const resource of ordered) {
    if (writeResource(builder, resource, attachments)) written.push(resource.id);
    else skipped.push({ id: resource.id, reason: 'its default action does not forward to a target group (a redirect or fixed response the inventory does not describe)' });
  }
  const parameters = [...builder.parameters.keys()].sort();
  const template: CloudFormationTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Resources exported by cirro iac export from ${inventory.region}`,
    ...(parameters.length > 0 ? { Parameters: Object.fromEntries(parameters.map((name) => [name, builder.parameters.get(name)!])) } : {}),
    Resources: Object.fromEntries(builder.resources),
  };
  return {
    template,
    logicalIds: Object.fromEntries(written.map((id) => [id, logicalIds.get(id)!])),
    skipped,
    notes: builder.notes,
  };
}

function writeResource(builder: TemplateBuilder, resource: AnyResourceView, attachments: Map<string, string>): boolean {
  switch (resource.kind) {
    case 'vpc': writeVpc(builder, resource); break;
    case 'subnet': writeSubnet(builder, resource); break;
    case 'internet-gateway': writeInternetGateway(builder, resource, attachments); break;
    case 'route-table': writeRouteTable(builder, resource, attachments); break;
    case 'security-group': writeSecurityGroup(builder, resource); break;
    case 'instance': writeInstance(builder, resource); break;
    case 'volume': writeVolume(builder, resource); break;
    case 'elastic-ip': writeElasticIp(builder, resource, attachments); break;
    case 'load-balancer': writeLoadBalancer(builder, resource); break;
    case 'target-group': writeTargetGroup(builder, resource); break;
    case 'listener': return writeListener(builder, resource);
    default: break;
  }
  return true;
}

/** Why a resource is never written (it comes with something else, or cannot be recreated from a template). */
function cannotExport(resource: AnyResourceView, inventory: Inventory): string | undefined {
  switch (resource.kind) {
    case 'key-pair':
      return 'a key pair cannot be written into a template (its private key would be lost); instances name it through a KeyName parameter';
    case 'route-table':
      return resource.main ? 'the main route table comes with its VPC; CloudFormation cannot create one (associate the subnets with a route table of their own instead)' : undefined;
    case 'security-group':
      return resource.groupName === 'default' ? "a VPC's default security group comes with the VPC; the template uses the VPC's DefaultSecurityGroup or a parameter" : undefined;
    case 'instance':
      return resource.state === 'terminated' || resource.state === 'shutting-down' ? `the instance is ${resource.state}` : undefined;
    case 'volume': {
      const attachment = resource.attachment;
      if (!attachment || !isRootVolume(resource, inventory.instances)) return undefined;
      return `the root volume of ${displayOf(inventory, attachment.instanceId)} is created with it: export the instance, whose BlockDeviceMappings keep its size and type`;
    }
    default:
      return undefined;
  }
}

/** Why a resource is left out unless named: the defaults AWS creates in every region. */
function isDefaultResource(resource: AnyResourceView, inventory: Inventory): boolean {
  const defaultVpcs = new Set(inventory.vpcs.filter((vpc) => vpc.isDefault).map((vpc) => vpc.id));
  switch (resource.kind) {
    case 'vpc': return resource.isDefault;
    case 'subnet': return resource.defaultForAz;
    case 'internet-gateway': return resource.vpcId !== undefined && defaultVpcs.has(resource.vpcId);
    case 'route-table': return defaultVpcs.has(resource.vpcId);
    default: return false;
  }
}

function displayOf(inventory: Inventory, id: string): string {
  const found = allResources(inventory).find((resource) => resource.id === id);
  return found?.name ? `${found.name} (${id})` : id;
}

/**
 * The resources to write: the named ones (defaults included, since they were asked for), or every
 * resource but the defaults; with includeDependencies, what they depend on and the parts of their
 * network (a VPC's internet gateway, a subnet's route table). A load balancer always brings its listeners.
 */
function selectResources(inventory: Inventory, options: ExportOptions): { selected: AnyResourceView[]; skipped: SkippedResource[] } {
  const resources = allResources(inventory);
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const skipped: SkippedResource[] = [];
  const chosen = new Set<string>();
  const exportable = (resource: AnyResourceView) => cannotExport(resource, inventory) === undefined;
  if (options.resourceIds === undefined) {
    for (const resource of resources) if (exportable(resource) && !isDefaultResource(resource, inventory)) chosen.add(resource.id);
    for (const table of inventory.routeTables) {
      if (table.main && !isDefaultResource(table, inventory) && table.routes.some((route) => route.target !== 'local')) skipped.push({ id: table.id, reason: cannotExport(table, inventory)! });
    }
  } else {
    for (const id of options.resourceIds) {
      const resource = byId.get(id);
      const reason = resource ? cannotExport(resource, inventory) : 'no resource with this id in the inventory';
      if (reason) skipped.push({ id, reason });
      else chosen.add(id);
    }
    if (options.includeDependencies) addDependencies(inventory, chosen, (resource) => exportable(resource) && !isDefaultResource(resource, inventory));
  }
  for (const listener of inventory.listeners) if (chosen.has(listener.loadBalancerArn)) chosen.add(listener.id);
  return { selected: [...chosen].map((id) => byId.get(id)!), skipped };
}

/** Adds, transitively, what the chosen resources depend on and the parts of their networks. */
function addDependencies(inventory: Inventory, chosen: Set<string>, eligible: (resource: AnyResourceView) => boolean): void {
  const byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
  const next = new Map<string, string[]>();
  const link = (from: string, to: string) => next.set(from, [...(next.get(from) ?? []), to]);
  for (const edge of dependencyEdges(inventory)) link(edge.from, edge.to);
  for (const gateway of inventory.internetGateways) if (gateway.vpcId) link(gateway.vpcId, gateway.id);
  for (const table of inventory.routeTables) for (const subnetId of table.subnetIds) link(subnetId, table.id);
  for (const listener of inventory.listeners) link(listener.loadBalancerArn, listener.id);
  const queue = [...chosen];
  while (queue.length > 0) {
    for (const id of next.get(queue.shift()!) ?? []) {
      const resource = byId.get(id);
      if (chosen.has(id) || !resource || !eligible(resource)) continue;
      chosen.add(id);
      queue.push(id);
    }
  }
}
