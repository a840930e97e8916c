import type { ResourceKind } from '../../cloud/inventory.js';
import type { Step } from '../../plan/plan.js';
import { placeholderId, tagsFrom, text, texts, type Projection, type ResolvedInput, type StepProjection } from './projection.js';

/** A list member of an input as records. */
function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object') : [];
}

/** CreateLoadBalancer: a load balancer without deletion protection (AWS's default). */
function createLoadBalancer(projection: Projection, step: Step, input: ResolvedInput): void {
  const subnetIds = [...texts(input['Subnets']), ...records(input['SubnetMappings']).flatMap((mapping) => texts([mapping['SubnetId']]))];
  const vpcId = projection.get('subnet', subnetIds[0])?.vpcId ?? '';
  const name = text(input['Name']) ?? step.resource.name;
  const type = text(input['Type']) ?? 'application';
  const groups = texts(input['SecurityGroups']);
  const defaultGroup = projection.all('security-group').find((group) => group.vpcId === vpcId && group.groupName === 'default');
  const id = placeholderId(step);
  projection.create({
    kind: 'load-balancer', id, name, tags: tagsFrom(input['Tags']),
    type, scheme: text(input['Scheme']) ?? 'internet-facing', state: 'provisioning', dnsName: '', vpcId, subnetIds,
    securityGroupIds: groups.length > 0 || type !== 'application' || !defaultGroup ? groups : [defaultGroup.id],
    deletionProtection: false,
  });
  projection.setOutput(step.id, id);
}

/** ModifyLoadBalancerAttributes: deletion protection is the attribute views show. */
function modifyLoadBalancerAttributes(projection: Projection, _step: Step, input: ResolvedInput): void {
  const setting = records(input['Attributes']).find((attribute) => attribute['Key'] === 'deletion_protection.enabled');
  projection.update('load-balancer', text(input['LoadBalancerArn']), (view) =>
    (setting ? { ...view, deletionProtection: String(setting['Value']).toLowerCase() === 'true' } : view));
}

/** CreateTargetGroup: an empty target group. */
function createTargetGroup(projection: Projection, step: Step, input: ResolvedInput): void {
  const id = placeholderId(step);
  projection.create({
    kind: 'target-group', id, name: text(input['Name']) ?? step.resource.name, tags: tagsFrom(input['Tags']),
    protocol: text(input['Protocol']), port: typeof input['Port'] === 'number' ? input['Port'] : undefined, vpcId: text(input['VpcId']),
    targetType: text(input['TargetType']) ?? 'instance', healthCheckPath: text(input['HealthCheckPath']), loadBalancerArns: [], targets: [],
  });
  projection.setOutput(step.id, id);
}

/** CreateListener: a listener forwarding to the groups of its default actions. */
function createListener(projection: Projection, step: Step, input: ResolvedInput): void {
  const actions = records(input['DefaultActions']);
  const groups = [...new Set(actions.flatMap((action) => [
    ...texts([action['TargetGroupArn']]),
    ...records((action['ForwardConfig'] as Record<string, unknown> | undefined)?.['TargetGroups']).flatMap((tuple) => texts([tuple['TargetGroupArn']])),
  ]))];
  const loadBalancerArn = text(input['LoadBalancerArn']) ?? '';
  const id = placeholderId(step);
  projection.create({
    kind: 'listener', id, name: undefined, tags: tagsFrom(input['Tags']), loadBalancerArn,
    protocol: text(input['Protocol']), port: typeof input['Port'] === 'number' ? input['Port'] : undefined, targetGroupArns: groups,
  });
  for (const group of groups) {
    projection.update('target-group', group, (view) => ({ ...view, loadBalancerArns: [...new Set([...view.loadBalancerArns, loadBalancerArn])] }));
  }
  projection.setOutput(step.id, id);
}

/** RegisterTargets and DeregisterTargets: the group's members. */
function changeTargets(register: boolean): StepProjection {
  return (projection, _step, input) => {
    const targets = records(input['Targets']).map((target) => ({ id: text(target['Id']) ?? '', port: typeof target['Port'] === 'number' ? target['Port'] : undefined }));
    projection.update('target-group', text(input['TargetGroupArn']), (view) => ({
      ...view,
      targets: register
        ? [...view.targets, ...targets.map((target) => ({ ...target, state: 'initial', reason: undefined }))]
        : view.targets.filter((existing) => !targets.some((target) => target.id === existing.id)),
    }));
  };
}

const TAGGABLE: readonly ResourceKind[] = ['load-balancer', 'target-group', 'listener'];

/** AddTags and RemoveTags on load balancers, target groups and listeners. */
function retag(add: boolean): StepProjection {
  return (projection, _step, input) => {
    const given = tagsFrom(input['Tags']);
    const keys = texts(input['TagKeys']);
    for (const arn of texts(input['ResourceArns'])) {
      for (const kind of TAGGABLE) {
        projection.update(kind, arn, (view) => {
          const tags = { ...view.tags };
          if (add) Object.assign(tags, given);
          else for (const key of keys) delete tags[key];
          return { ...view, tags };
        });
      }
    }
  };
}

/** Deletes the resource named by an input member. */
function remove(member: string): StepProjection {
  return (projection, _step, input) => projection.remove(text(input[member]));
}

/** ELBv2 calls: load balancers, their attributes, target groups, listeners and tags. */
export const ELBV2_PROJECTIONS: Readonly<Record<string, StepProjection>> = {
  CreateLoadBalancer: createLoadBalancer,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
  DeleteLoadBalancer: remove('LoadBalancerArn'),
  CreateTargetGroup: createTargetGroup,
  DeleteTargetGroup: remove('TargetGroupArn'),
  CreateListener: createListener,
  DeleteListener: remove('ListenerArn'),
  RegisterTargets: changeTargets(true),
  DeregisterTargets: changeTargets(false),
  AddTags: retag(true),
  RemoveTags: retag(false),
};
