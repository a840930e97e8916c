import type { Address, Instance, InternetGateway, KeyPairInfo, Reservation, RouteTable, SecurityGroup, Subnet, Volume, Vpc } from '@aws-sdk/client-ec2';
import type { Listener, LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Inventory, TargetView } from '../cloud/inventory.js';
import { elasticIpView, instanceView, keyPairView, volumeView } from '../cloud/reading/ec2-compute.js';
import { flattenPermissions, internetGatewayView, routeTableView, securityGroupView, subnetView, vpcView } from '../cloud/reading/ec2-network.js';
import { listenerView, loadBalancerView, targetGroupView } from '../cloud/reading/elbv2.js';
import type { Plan } from '../plan/plan.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds the inventory a question's answer is computed from, out of what the modality's own read calls
 * returned (SDK objects or CLI JSON: the same API shapes). Kinds the plan did not read come from the
 * planning inventory, so names stay resolvable.
 */
export function inventoryFromOutputs(plan: Plan, outputs: Readonly<Record<string, unknown>>, base: Inventory): Inventory {
  const read: Partial<Mutable<Inventory>> = {};
  const health = new Map<string, TargetView[]>();
  const groups: TargetGroup[] = [];
  for (const step of plan.steps) {
    const output = outputs[step.id] as Record<string, any> | undefined;
    if (!output) continue;
    switch (step.call.operation) {
      case 'DescribeInstances':
        read.instances = merge(read.instances, ((output['Reservations'] ?? []) as Reservation[]).flatMap((reservation) => (reservation.Instances ?? []) as Instance[]).map((instance) => instanceView(instance)));
        break;
      case 'DescribeVolumes':
        read.volumes = merge(read.volumes, ((output['Volumes'] ?? []) as Volume[]).map(volumeView));
        break;
      case 'DescribeVpcs':
        read.vpcs = ((output['Vpcs'] ?? []) as Vpc[]).map(vpcView);
        break;
      case 'DescribeSubnets':
        read.subnets = ((output['Subnets'] ?? []) as Subnet[]).map(subnetView);
        break;
      case 'DescribeInternetGateways':
        read.internetGateways = ((output['InternetGateways'] ?? []) as InternetGateway[]).map(internetGatewayView);
        break;
      case 'DescribeRouteTables':
        read.routeTables = ((output['RouteTables'] ?? []) as RouteTable[]).map(routeTableView);
        break;
      case 'DescribeSecurityGroups':
        read.securityGroups = ((output['SecurityGroups'] ?? []) as SecurityGroup[]).map((group) => securityGroupView(group, flattenPermissions(group)));
        break;
      case 'DescribeKeyPairs':
        read.keyPairs = ((output['KeyPairs'] ?? []) as KeyPairInfo[]).map(keyPairView);
        break;
      case 'DescribeAddresses':
        read.elasticIps = ((output['Addresses'] ?? []) as Address[]).map(elasticIpView);
        break;
      case 'DescribeLoadBalancers':
        read.loadBalancers = ((output['LoadBalancers'] ?? []) as LoadBalancer[]).map((balancer) => loadBalancerView(balancer, base.loadBalancers.find((known) => known.id === balancer.LoadBalancerArn)?.tags));
        break;
      case 'DescribeTargetGroups':
        groups.push(...((output['TargetGroups'] ?? []) as TargetGroup[]));
        break;
      case 'DescribeListeners':
        read.listeners = merge(read.listeners, ((output['Listeners'] ?? []) as Listener[]).map(listenerView));
        break;
      case 'DescribeTargetHealth': {
        const arn = String(step.call.input['TargetGroupArn']);
        health.set(arn, ((output['TargetHealthDescriptions'] ?? []) as TargetHealthDescription[]).map((description) => ({
          id: description.Target?.Id ?? '',
          port: description.Target?.Port,
          state: description.TargetHealth?.State ?? 'unknown',
          reason: description.TargetHealth?.Reason,
        })));
        break;
      }
    }
  }
  if (groups.length > 0 || health.size > 0) {
    const source = groups.length > 0 ? groups.map((group) => targetGroupView(group, base.targetGroups.find((known) => known.id === group.TargetGroupArn)?.tags)) : base.targetGroups;
    read.targetGroups = source.map((group) => ({ ...group, targets: health.get(group.id) ?? group.targets }));
  }
  return { ...base, ...read };
}

function merge<T extends { id: string }>(existing: readonly T[] | undefined, more: readonly T[]): T[] {
  const byId = new Map((existing ?? []).map((item) => [item.id, item]));
  for (const item of more) byId.set(item.id, item);
  return [...byId.values()];
}
