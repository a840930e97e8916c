import type {
  CreateLoadBalancerOutput, DescribeLoadBalancerAttributesOutput, DescribeLoadBalancersOutput, LoadBalancer, SubnetMapping,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { attributeList, changedAttributes, createTags, currentTags, elbv2, readAttributes, tagWithStack, updateTags } from './elbv2-calls.js';
import { unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalString, optionalStrings, physicalName, unlessNotFound } from './provider-values.js';

function describeBalancer(context: ProviderContext, arn: string): LoadBalancer | undefined {
  return unlessNotFound(() => elbv2<DescribeLoadBalancersOutput>(context, 'DescribeLoadBalancers', { LoadBalancerArns: [arn] }).LoadBalancers?.[0]);
}

/** `app/web-lb/50dc6c495c0c9188`: the part of the ARN after `loadbalancer/`, which CloudWatch dimensions use. */
function fullName(arn: string): string {
  return arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
}

const same = (previous: ResourceProperties, next: ResourceProperties, name: string) => JSON.stringify(previous[name]) === JSON.stringify(next[name]);

/** AWS::ElasticLoadBalancingV2::LoadBalancer. */
export const loadBalancerProvider: ResourceProvider = {
  type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  properties: {
    EnablePrefixForIpv6SourceNat: { update: 'none' }, EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: { update: 'none' },
    IpAddressType: { update: 'none' }, LoadBalancerAttributes: { update: 'none' }, MinimumLoadBalancerCapacity: { update: 'none' },
    Name: { update: 'replace' }, Scheme: { update: 'replace' }, SecurityGroups: { update: 'none' }, SubnetMappings: { update: 'none' },
    Subnets: { update: 'none' }, Tags: { update: 'none' }, Type: { update: 'replace' },
  },
  attributes: ['CanonicalHostedZoneID', 'DNSName', 'LoadBalancerArn', 'LoadBalancerFullName', 'LoadBalancerName', 'SecurityGroups'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const balancer = describeBalancer(context, physicalId);
    switch (attribute) {
      case 'CanonicalHostedZoneID': return balancer?.CanonicalHostedZoneId;
      case 'DNSName': return balancer?.DNSName;
      case 'LoadBalancerArn': return balancer?.LoadBalancerArn;
      case 'LoadBalancerFullName': return balancer ? fullName(physicalId) : undefined;
      case 'LoadBalancerName': return balancer?.LoadBalancerName;
      case 'SecurityGroups': return balancer?.SecurityGroups ?? [];
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const result = elbv2<CreateLoadBalancerOutput>(context, 'CreateLoadBalancer', {
      Name: optionalString(properties, 'Name') ?? physicalName(context, logicalId, 32),
      Subnets: optionalStrings(properties, 'Subnets'),
      SubnetMappings: properties['SubnetMappings'] as SubnetMapping[] | undefined,
      SecurityGroups: optionalStrings(properties, 'SecurityGroups'),
      Scheme: optionalString(properties, 'Scheme'),
      Type: optionalString(properties, 'Type'),
      IpAddressType: optionalString(properties, 'IpAddressType'),
      Tags: createTags(properties),
    });
    const arn = result.LoadBalancers![0]!.LoadBalancerArn!;
    const attributes = attributeList(properties, 'LoadBalancerAttributes');
    if (attributes.length > 0) elbv2(context, 'ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: attributes });
    tagWithStack(context, arn, logicalId);
    return { physicalId: arn };
  },
  stabilized(context, physicalId) {
    const state = describeBalancer(context, physicalId)?.State;
    if (!state || state.Code === 'failed') return { failed: `load balancer ${physicalId} failed to provision: ${state?.Reason ?? 'it no longer exists'}` };
    return state.Code === 'provisioning' ? 'pending' : 'done';
  },
  update(context, physicalId, previous, next) {
    if (!same(previous, next, 'Subnets') || !same(previous, next, 'SubnetMappings')) {
      elbv2(context, 'SetSubnets', { LoadBalancerArn: physicalId, Subnets: optionalStrings(next, 'Subnets'), SubnetMappings: next['SubnetMappings'] });
    }
    if (!same(previous, next, 'SecurityGroups')) elbv2(context, 'SetSecurityGroups', { LoadBalancerArn: physicalId, SecurityGroups: optionalStrings(next, 'SecurityGroups') ?? [] });
    if (!same(previous, next, 'IpAddressType')) elbv2(context, 'SetIpAddressType', { LoadBalancerArn: physicalId, IpAddressType: optionalString(next, 'IpAddressType') ?? 'ipv4' });
    const attributes = changedAttributes(previous, next, 'LoadBalancerAttributes');
    if (attributes.length > 0) elbv2(context, 'ModifyLoadBalancerAttributes', { LoadBalancerArn: physicalId, Attributes: attributes });
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    if (describeBalancer(context, physicalId)) elbv2(context, 'DeleteLoadBalancer', { LoadBalancerArn: physicalId });
  },
  read(context, physicalId) {
    const balancer = describeBalancer(context, physicalId);
    if (!balancer) return undefined;
    const attributes = elbv2<DescribeLoadBalancerAttributesOutput>(context, 'DescribeLoadBalancerAttributes', { LoadBalancerArn: physicalId }).Attributes;
    return defined({
      IpAddressType: balancer.IpAddressType,
      LoadBalancerAttributes: readAttributes(attributes),
      Name: balancer.LoadBalancerName,
      Scheme: balancer.Scheme,
      SecurityGroups: balancer.SecurityGroups,
      Subnets: (balancer.AvailabilityZones ?? []).map((zone) => zone.SubnetId!),
      Tags: currentTags(context, physicalId),
      Type: balancer.Type,
    });
  },
};
