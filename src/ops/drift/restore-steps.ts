import { allResources } from '../../cloud/inventory.js';
import type { PlanDraft } from '../../plan/draft.js';
import type { ApiCall } from '../../plan/plan.js';
import { label } from '../../plan/targets.js';
import { volumeAttached, volumeState } from '../../plan/waits.js';
import type { RestoreContext } from './restore-context.js';
import { ipPermission } from './restore-advice.js';
import type { DriftFinding } from './types.js';

type Json = Record<string, unknown>;

/**
 * Revokes a security group rule added by hand, or authorizes again one removed by hand, exactly as the
 * template has it (not every source of the port, as `cirro ask "close port 22"` would).
 */
export function ruleStep(draft: PlanDraft, context: RestoreContext, finding: DriftFinding): string | undefined {
  const direction = finding.property!.startsWith('/SecurityGroupIngress') ? 'Ingress' : 'Egress';
  const added = finding.difference === 'ADD';
  const rule = parsed(added ? finding.actual : finding.expected);
  if (!rule) return `the rule ${added ? 'added' : 'removed'} is not readable (${added ? finding.actual : finding.expected}); ${added ? 'revoke' : 'authorize'} it by hand`;
  const group = context.inventory.securityGroups.find((candidate) => candidate.id === finding.physicalId);
  const who = group ? label({ id: group.id, name: group.name ?? group.groupName }) : finding.physicalId;
  const permissions = [ipPermission(rule)] as ApiCall['input'][string];
  const call = (operation: 'Authorize' | 'Revoke'): ApiCall => ({ service: 'ec2', operation: `${operation}SecurityGroup${direction}`, input: { GroupId: finding.physicalId, IpPermissions: permissions } });
  const text = describeRule(rule);
  draft.step({
    action: `${added ? 'revoke' : 'authorize again'} ${direction.toLowerCase()} ${text} ${added ? 'on' : 'into'} ${who} (${added ? 'opened by hand' : 'the template allows it'})`,
    effect: 'update-live',
    resource: { kind: 'security-group', id: finding.physicalId, ...(group ? { name: group.groupName } : {}) },
    call: call(added ? 'Revoke' : 'Authorize'),
    inverse: call(added ? 'Authorize' : 'Revoke'),
  });
  const source = typeof rule['CidrIp'] === 'string' ? rule['CidrIp'] : typeof rule['CidrIpv6'] === 'string' ? rule['CidrIpv6'] : undefined;
  if (direction === 'Ingress' && source !== undefined) {
    draft.expect(`${who} ${added ? 'no longer allows' : 'allows'} ${text}`, { kind: 'security-group', id: finding.physicalId }, added ? { ingressRulesExclude: [text] } : { ingressRulesInclude: [text] });
  }
  return undefined;
}

/** Sets a tag back: removes one added by hand, puts back one removed or changed. EC2 resources only. */
export function tagStep(draft: PlanDraft, context: RestoreContext, finding: DriftFinding): string | undefined {
  if (finding.physicalId.startsWith('arn:') || finding.physicalId === '') return `Cirro restores EC2 tags only; ${finding.physicalId}'s tags are set back with the service's own tag call`;
  const segments = finding.property!.split('/').slice(1);
  const templateTags = (resourceProperties(context, finding)?.['Tags'] ?? []) as unknown[];
  const templateTag = parsedObject(templateTags[Number(segments[1])]);
  const entry = segments.length === 2 ? parsed(finding.difference === 'ADD' ? finding.actual : finding.expected) : undefined;
  const key = stringOf(entry?.['Key']) ?? stringOf(templateTag?.['Key']);
  if (key === undefined) return `the tag at ${finding.property} cannot be named; set it back by hand`;
  const resource = allResources(context.inventory).find((candidate) => candidate.id === finding.physicalId);
  if (!resource) return `${finding.physicalId} is not a resource Cirro reads; set tag ${key} back with the service's own tag call`;
  const kind = resource.kind;
  const old = resource.tags[key];
  const remove: ApiCall = { service: 'ec2', operation: 'DeleteTags', input: { Resources: [finding.physicalId], Tags: [{ Key: key }] } };
  if (finding.difference === 'ADD' && segments.length === 2) {
    draft.step({
      action: `remove tag ${key} from ${finding.physicalId} (added by hand)`, effect: 'update-live', resource: { kind, id: finding.physicalId }, call: remove,
      ...(old !== undefined ? { inverse: { service: 'ec2', operation: 'CreateTags', input: { Resources: [finding.physicalId], Tags: [{ Key: key, Value: old }] } } } : {}),
    });
    draft.expect(`${finding.physicalId} has no tag ${key}`, { kind, id: finding.physicalId }, { tagsExclude: [key] });
    return undefined;
  }
  const value = segments.length === 2 ? stringOf(entry?.['Value']) : segments[2] === 'Value' ? finding.expected : stringOf(templateTag?.['Value']);
  if (value === undefined || value === 'null') return `the template's value of tag ${key} is not known here; set it back by hand`;
  draft.step({
    action: `set tag ${key}=${value} on ${finding.physicalId} (as the template says)`, effect: 'update-live', resource: { kind, id: finding.physicalId },
    call: { service: 'ec2', operation: 'CreateTags', input: { Resources: [finding.physicalId], Tags: [{ Key: key, Value: value }] } },
    inverse: old !== undefined ? { service: 'ec2', operation: 'CreateTags', input: { Resources: [finding.physicalId], Tags: [{ Key: key, Value: old }] } } : remove,
  });
  draft.expect(`${finding.physicalId} is tagged ${key}=${value}`, { kind, id: finding.physicalId }, { tagsInclude: { [key]: value } });
  return undefined;
}

/** Attaches a volume the template attaches (AWS::EC2::VolumeAttachment) and someone detached, at the template's device. */
export function attachStep(draft: PlanDraft, context: RestoreContext, finding: DriftFinding): string | undefined {
  const properties = resourceProperties(context, finding);
  const source = context.stacks.get(finding.stack ?? '');
  const resolve = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    const reference = parsedObject(value)?.['Ref'];
    return typeof reference === 'string' ? source?.resources.get(reference) : undefined;
  };
  const volumeId = resolve(properties?.['VolumeId']);
  const instanceId = resolve(properties?.['InstanceId']);
  const device = resolve(properties?.['Device']);
  if (!volumeId || !instanceId || !device) return `the template's VolumeId, InstanceId and Device of ${finding.logicalId} could not be resolved to ids; update the stack twice (without ${finding.logicalId}, then with the original template)`;
  const volume = context.inventory.volumes.find((candidate) => candidate.id === volumeId);
  const instance = context.inventory.instances.find((candidate) => candidate.id === instanceId);
  if (!volume) return `volume ${volumeId} is gone too; restore it first (its own finding)`;
  if (!instance || (instance.state !== 'running' && instance.state !== 'stopped')) return `instance ${instanceId} is ${instance?.state ?? 'gone'}; a volume attaches to a running or stopped instance`;
  if (volume.attachment) return `${label(volume)} is attached to ${volume.attachment.instanceId} as ${volume.attachment.device}; detach it there first`;
  draft.step({
    action: `attach ${label(volume)} to ${label(instance)} as ${device} (detached by hand; the template attaches it)`,
    effect: 'update-live',
    resource: { kind: 'volume', id: volume.id, ...(volume.name ? { name: volume.name } : {}) },
    call: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.id, InstanceId: instance.id, Device: device } },
    wait: volumeAttached(volume.id, label(volume)),
    inverse: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.id } },
    inverseWait: volumeState(volume.id, 'available', label(volume)),
  });
  draft.expect(`${label(volume)} is attached to ${label(instance)}`, { kind: 'volume', id: volume.id }, { attachedTo: instance.id });
  return undefined;
}

/** "22/tcp from 0.0.0.0/0", as verification and the plan's text say rules. */
function describeRule(rule: Json): string {
  const protocol = String(rule['IpProtocol'] ?? 'tcp');
  const from = rule['FromPort'];
  const to = rule['ToPort'];
  const ports = protocol === '-1' ? 'all traffic' : from === to ? `${String(from)}/${protocol}` : `${String(from)}-${String(to)}/${protocol}`;
  const source = rule['CidrIp'] ?? rule['CidrIpv6'] ?? rule['SourceSecurityGroupId'] ?? rule['DestinationSecurityGroupId'] ?? rule['SourcePrefixListId'] ?? 'anywhere';
  return `${ports} from ${String(source)}`;
}

/** The template's properties of a finding's resource. */
function resourceProperties(context: RestoreContext, finding: DriftFinding): Json | undefined {
  const resources = parsedObject(context.stacks.get(finding.stack ?? '')?.template['Resources']);
  return parsedObject(parsedObject(resources?.[finding.logicalId ?? ''])?.['Properties']);
}

function parsed(text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return parsedObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function parsedObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
