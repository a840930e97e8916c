import type {
  SetIpAddressTypeInput, SetIpAddressTypeOutput, SetSecurityGroupsInput, SetSecurityGroupsOutput, SetSubnetsInput, SetSubnetsOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler } from '../../../service.js';
import { elbv2Errors } from '../errors.js';
import { ec2Store, elbv2Store, requireLoadBalancer } from '../lookups.js';
import { checkIpAddressType, resolvePlacement, resolveSecurityGroups } from '../placement.js';
import { apiAvailabilityZone } from './load-balancers.js';

/** SetSecurityGroups, SetSubnets and SetIpAddressType: changing where and how a load balancer listens. */
export const loadBalancerNetworkOperations = {
  SetSecurityGroups: handler<SetSecurityGroupsInput, SetSecurityGroupsOutput>((context, input) => {
    const store = elbv2Store(context);
    const balancer = requireLoadBalancer(store, input.LoadBalancerArn!);
    const requested = input.SecurityGroups ?? [];
    if (balancer.type === 'gateway') throw elbv2Errors.validation("Security groups are not supported for load balancers with type 'gateway'");
    if (balancer.type === 'network' && balancer.securityGroups.length === 0 && requested.length > 0) {
      throw elbv2Errors.invalidConfiguration('You cannot set security groups for a Network Load Balancer which was created without any security groups');
    }
    if (balancer.type === 'network' && balancer.securityGroups.length > 0 && requested.length === 0) {
      throw elbv2Errors.invalidConfiguration('You cannot remove all security groups from a Network Load Balancer which was created with security groups');
    }
    if (balancer.type === 'application' && requested.length === 0) {
      throw elbv2Errors.invalidConfiguration('An Application Load Balancer needs at least one security group');
    }
    const groups = resolveSecurityGroups(ec2Store(context), balancer.type, balancer.vpcId, requested);
    store.loadBalancers.update(balancer.id, (draft) => {
      draft.securityGroups = groups;
    });
    return {
      SecurityGroupIds: groups,
      EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: balancer.type === 'network' ? 'on' : undefined,
    };
  }),

  SetSubnets: handler<SetSubnetsInput, SetSubnetsOutput>((context, input) => {
    const store = elbv2Store(context);
    const ec2 = ec2Store(context);
    const balancer = requireLoadBalancer(store, input.LoadBalancerArn!);
    const placement = resolvePlacement(ec2, {
      type: balancer.type,
      scheme: balancer.scheme,
      subnets: input.Subnets,
      subnetMappings: input.SubnetMappings,
      vpcId: balancer.vpcId,
    });
    const ipAddressType = input.IpAddressType ?? balancer.ipAddressType;
    checkIpAddressType(balancer, placement.subnets, ipAddressType);
    const updated = store.loadBalancers.update(balancer.id, (draft) => {
      draft.subnets = placement.subnets;
      draft.ipAddressType = ipAddressType;
    });
    return { AvailabilityZones: updated.subnets.map(apiAvailabilityZone), IpAddressType: ipAddressType as SetSubnetsOutput['IpAddressType'] };
  }),

  SetIpAddressType: handler<SetIpAddressTypeInput, SetIpAddressTypeOutput>((context, input) => {
    const store = elbv2Store(context);
    const balancer = requireLoadBalancer(store, input.LoadBalancerArn!);
    const ipAddressType = input.IpAddressType!;
    checkIpAddressType(balancer, balancer.subnets, ipAddressType);
    store.loadBalancers.update(balancer.id, (draft) => {
      draft.ipAddressType = ipAddressType;
    });
    return { IpAddressType: ipAddressType as SetIpAddressTypeOutput['IpAddressType'] };
  }),
};
