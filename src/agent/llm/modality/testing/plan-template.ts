import { claimName, pascalCase } from '../../../../plan/iac/logical-ids.js';
import { isOutputRef, type ParameterValue, type Plan, type Step } from '../../../../plan/plan.js';

type Json = Record<string, unknown>;

/**
 * A CloudFormation template that creates what a plan creates, for the plans a template can say simply:
 * new instances (on-demand), volumes and security groups with their ingress rules. Read steps are
 * dropped (the stack waits for itself). Returns why not for anything else (changes to existing
 * resources, spot, load balancers): the oracle then says so instead of pretending.
 */
export function planTemplate(plan: Plan): { ok: true; template: Json } | { ok: false; reason: string } {
  const resources: Json = {};
  const logical = new Map<string, string>();
  const taken = new Set<string>();
  const ref = (value: ParameterValue): unknown => {
    if (isOutputRef(value)) return { Ref: logical.get(value.$ref) ?? value.$ref };
    if (Array.isArray(value)) return value.map(ref);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ref(item as ParameterValue)]));
    return value;
  };
  for (const step of plan.steps) {
    if (step.effect === 'read') continue;
    const input = ref(step.call.input as ParameterValue) as Json;
    const name = claimName(pascalCase(step.resource.name ?? step.resource.kind) || 'Resource', taken);
    switch (step.call.operation) {
      case 'RunInstances': {
        if (input['InstanceMarketOptions'] || Number(input['MaxCount'] ?? 1) !== 1) return { ok: false, reason: `${step.action}: a template instance is one on-demand instance` };
        resources[name] = { Type: 'AWS::EC2::Instance', Properties: instanceProperties(input) };
        break;
      }
      case 'CreateVolume':
        resources[name] = { Type: 'AWS::EC2::Volume', Properties: pick(input, ['AvailabilityZone', 'Size', 'VolumeType', 'Encrypted', 'Iops', 'Throughput'], tagsOf(input)) };
        break;
      case 'CreateSecurityGroup':
        resources[name] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupName: input['GroupName'], GroupDescription: input['Description'], ...pick(input, ['VpcId'], tagsOf(input)) } };
        break;
      case 'AuthorizeSecurityGroupIngress': {
        const group = groupOf(step, logical);
        if (!group) return { ok: false, reason: `${step.action}: only rules of a group the same template creates can be written` };
        const properties = (resources[group] as { Properties: Json }).Properties;
        properties['SecurityGroupIngress'] = [...((properties['SecurityGroupIngress'] as unknown[]) ?? []), ...ingressRules(input['IpPermissions'])];
        continue;
      }
      default:
        return { ok: false, reason: `${step.action}: ${step.call.operation} changes an existing resource, which this template writer does not express` };
    }
    logical.set(step.id, name);
  }
  if (Object.keys(resources).length === 0) return { ok: false, reason: 'the plan creates nothing a template could hold' };
  return { ok: true, template: { AWSTemplateFormatVersion: '2010-09-09', Description: plan.summary, Resources: resources } };
}

function instanceProperties(input: Json): Json {
  const properties = pick(input, ['ImageId', 'InstanceType', 'SubnetId', 'SecurityGroupIds', 'KeyName', 'BlockDeviceMappings', 'MetadataOptions'], tagsOf(input, 'instance'));
  if ((input['Monitoring'] as Json | undefined)?.['Enabled']) properties['Monitoring'] = true;
  const interfaces = input['NetworkInterfaces'] as Json[] | undefined;
  if (interfaces) {
    properties['NetworkInterfaces'] = interfaces.map((item) => ({
      DeviceIndex: String(item['DeviceIndex'] ?? 0),
      ...pick(item, ['SubnetId', 'AssociatePublicIpAddress']),
      ...(item['Groups'] ? { GroupSet: item['Groups'] } : {}),
    }));
  }
  return properties;
}

function ingressRules(permissions: unknown): Json[] {
  return ((permissions as Json[] | undefined) ?? []).flatMap((permission) => {
    const common = pick(permission, ['IpProtocol', 'FromPort', 'ToPort']);
    const v4 = ((permission['IpRanges'] as Json[] | undefined) ?? []).map((range) => ({ ...common, CidrIp: range['CidrIp'], ...pick(range, ['Description']) }));
    const v6 = ((permission['Ipv6Ranges'] as Json[] | undefined) ?? []).map((range) => ({ ...common, CidrIpv6: range['CidrIpv6'], ...pick(range, ['Description']) }));
    const groups = ((permission['UserIdGroupPairs'] as Json[] | undefined) ?? []).map((pair) => ({ ...common, SourceSecurityGroupId: pair['GroupId'] }));
    return [...v4, ...v6, ...groups];
  });
}

function groupOf(step: Step, logical: ReadonlyMap<string, string>): string | undefined {
  const group = step.call.input['GroupId'];
  return isOutputRef(group) ? logical.get(group.$ref) : undefined;
}

function tagsOf(input: Json, resourceType?: string): Json {
  const specifications = (input['TagSpecifications'] as { ResourceType?: string; Tags?: unknown[] }[] | undefined) ?? [];
  const tags = specifications.filter((specification) => !resourceType || specification.ResourceType === resourceType).flatMap((specification) => specification.Tags ?? []);
  return tags.length > 0 ? { Tags: tags } : {};
}

function pick(input: Json, keys: readonly string[], extra: Json = {}): Json {
  return { ...Object.fromEntries(keys.filter((key) => input[key] !== undefined).map((key) => [key, input[key]])), ...extra };
}
