import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../../cloud/inventory.js';
import { kindLabel } from '../../cloud/kind-labels.js';
import { claimName, pascalCase } from './logical-ids.js';

/** One resource of the template being written. */
export interface TemplateResourceEntry {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: readonly string[];
  /** Retain on resources a stack adopted by import (import requires one), so removing them keeps them. */
  readonly DeletionPolicy?: 'Retain' | 'Delete';
}

/** A parameter standing for a resource outside the export, with its current value as the default. */
export interface TemplateParameterEntry {
  readonly Type: string;
  readonly Default: string;
  readonly Description: string;
}

/** CloudFormation's parameter types for ids of existing resources: the console offers a picker, and CreateStack checks them. */
const PARAMETER_TYPES: Partial<Record<ResourceKind, string>> = {
  vpc: 'AWS::EC2::VPC::Id',
  subnet: 'AWS::EC2::Subnet::Id',
  'security-group': 'AWS::EC2::SecurityGroup::Id',
  'key-pair': 'AWS::EC2::KeyPair::KeyName',
  instance: 'AWS::EC2::Instance::Id',
  volume: 'AWS::EC2::Volume::Id',
};

const ID_PREFIXES: readonly [string, ResourceKind][] = [
  ['vpc-', 'vpc'], ['subnet-', 'subnet'], ['sg-', 'security-group'], ['i-', 'instance'], ['vol-', 'volume'],
  ['igw-', 'internet-gateway'], ['rtb-', 'route-table'], ['eipalloc-', 'elastic-ip'],
];

/**
 * The template as it is written: resources under their logical ids, and references between resources
 * that become Ref/Fn::GetAtt when both ends are exported and a typed parameter (defaulting to today's
 * value) when the other end stays outside.
 */
export class TemplateBuilder {
  readonly resources = new Map<string, TemplateResourceEntry>();
  readonly parameters = new Map<string, TemplateParameterEntry>();
  readonly notes: string[] = [];
  private readonly byId: ReadonlyMap<string, AnyResourceView>;
  private readonly taken: Set<string>;
  private readonly parameterOf = new Map<string, string>();

  constructor(
    readonly inventory: Inventory,
    readonly logicalIds: ReadonlyMap<string, string>,
    readonly exported: ReadonlySet<string>,
  ) {
    this.byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
    this.taken = new Set([...exported].map((id) => logicalIds.get(id)!));
  }

  /** True when the resource is written into this template. */
  isExported(id: string | undefined): boolean {
    return id !== undefined && this.exported.has(id);
  }

  /** True when a reference to the resource resolves inside the template (Ref or Fn::GetAtt, not a parameter). */
  resolvesInside(id: string): boolean {
    const view = this.byId.get(id);
    return this.exported.has(id) || (view?.kind === 'security-group' && view.groupName === 'default' && this.exported.has(view.vpcId));
  }

  /** The resource's logical id (only for exported resources). */
  logicalId(id: string): string {
    const logical = this.logicalIds.get(id);
    if (!logical || !this.exported.has(id)) throw new Error(`${id} is not exported, so it has no logical id in this template`);
    return logical;
  }

  /** The inventory's view of a resource. */
  view(id: string): AnyResourceView | undefined {
    return this.byId.get(id);
  }

  /** A unique logical id for a resource the export adds (attachments, associations, rules). */
  claim(base: string): string {
    return claimName(base, this.taken);
  }

  /** Adds a resource under a logical id. */
  add(logicalId: string, entry: TemplateResourceEntry): void {
    this.taken.add(logicalId);
    this.resources.set(logicalId, entry);
  }

  /**
   * The value a property naming this resource needs: its id (a security group's GroupId, an Elastic IP's
   * AllocationId, an ARN for load balancing resources). A default security group of an exported VPC is
   * the VPC's DefaultSecurityGroup attribute, since CloudFormation creates it with the VPC.
   */
  reference(id: string): unknown {
    const view = this.byId.get(id);
    if (this.exported.has(id) && view) {
      const logical = this.logicalIds.get(id)!;
      if (view.kind === 'security-group') return { 'Fn::GetAtt': [logical, 'GroupId'] };
      if (view.kind === 'elastic-ip') return { 'Fn::GetAtt': [logical, 'AllocationId'] };
      return { Ref: logical };
    }
    if (view?.kind === 'security-group' && view.groupName === 'default' && this.exported.has(view.vpcId)) {
      return { 'Fn::GetAtt': [this.logicalIds.get(view.vpcId)!, 'DefaultSecurityGroup'] };
    }
    return { Ref: this.parameter(id, view) };
  }

  /** References to several resources, in the order of their logical ids or parameter names, so output does not follow ids. */
  references(ids: readonly string[]): unknown[] {
    return ids.map((id) => this.reference(id)).sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right)));
  }

  /** A key pair by name: always a parameter, since a template cannot bring back its private key. */
  keyName(keyName: string): unknown {
    const view = this.inventory.keyPairs.find((key) => key.name === keyName);
    const name = this.parameterOf.get(`key:${keyName}`) ?? claimName(`${pascalCase(keyName) || 'Key'}KeyName`, this.taken);
    this.parameterOf.set(`key:${keyName}`, name);
    this.parameters.set(name, { Type: 'AWS::EC2::KeyPair::KeyName', Default: keyName, Description: `key pair ${keyName}${view ? ` (${view.id})` : ''}, kept outside the template` });
    return { Ref: name };
  }

  /** Notes something a reader of the template should know (state the template cannot carry). */
  note(text: string): void {
    this.notes.push(text);
  }

  private parameter(id: string, view: AnyResourceView | undefined): string {
    const known = this.parameterOf.get(id);
    if (known) return known;
    const kind = view?.kind ?? ID_PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1];
    const arn = id.startsWith('arn:');
    const base = this.logicalIds.get(id) ?? `${pascalCase(kind ?? 'Resource')}${pascalCase(id.split(/[/:]/).pop() ?? '').slice(-8)}`;
    const name = claimName(`${base}${arn ? 'Arn' : 'Id'}`, this.taken);
    this.parameterOf.set(id, name);
    const label = view?.name ? `${view.name} (${id})` : id;
    this.parameters.set(name, {
      Type: (kind && PARAMETER_TYPES[kind]) ?? 'String',
      Default: id,
      Description: `${kind ? kindLabel(kind) : 'resource'} ${label}, kept outside the template`,
    });
    return name;
  }
}

/** Tags as CloudFormation writes them, sorted by key, without the aws:* tags AWS itself manages. */
export function templateTags(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] | undefined {
  const kept = Object.keys(tags).filter((key) => !key.startsWith('aws:')).sort();
  return kept.length > 0 ? kept.map((key) => ({ Key: key, Value: tags[key]! })) : undefined;
}

/** An object without its undefined members, so left-out defaults do not show up as nulls. */
export function compact(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
}
