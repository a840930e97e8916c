import type { Action, Certificate, CreateListenerOutput, DescribeListenersOutput, Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createTags, currentTags, elbv2, tagWithStack, updateTags } from './elbv2-calls.js';
import { changedProperties, unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalInteger, optionalString, optionalStrings, requiredString, unlessNotFound } from './provider-values.js';

function describeListener(context: ProviderContext, arn: string): Listener | undefined {
  return unlessNotFound(() => elbv2<DescribeListenersOutput>(context, 'DescribeListeners', { ListenerArns: [arn] }).Listeners?.[0]);
}

/** A template's actions as the API takes them: the same shape, with Order and ports as numbers. */
function actions(properties: ResourceProperties, logicalId: string): Action[] {
  const listed = properties['DefaultActions'] as ResourceProperties[] | undefined;
  if (!listed) requiredString(properties, 'DefaultActions', logicalId);
  return (listed ?? []).map((action) => defined({ ...action, Order: optionalInteger(action, 'Order') }) as unknown as Action);
}

/** The settings CreateListener and ModifyListener share. */
function settings(properties: ResourceProperties, logicalId: string): Record<string, unknown> {
  return {
    Port: optionalInteger(properties, 'Port'),
    Protocol: optionalString(properties, 'Protocol'),
    SslPolicy: optionalString(properties, 'SslPolicy'),
    AlpnPolicy: optionalStrings(properties, 'AlpnPolicy'),
    Certificates: properties['Certificates'] as Certificate[] | undefined,
    DefaultActions: actions(properties, logicalId),
  };
}

/** AWS::ElasticLoadBalancingV2::Listener. */
export const listenerProvider: ResourceProvider = {
  type: 'AWS::ElasticLoadBalancingV2::Listener',
  properties: {
    AlpnPolicy: { update: 'none' }, Certificates: { update: 'none' }, DefaultActions: { update: 'none', required: true },
    ListenerAttributes: { update: 'none' }, LoadBalancerArn: { update: 'replace', required: true }, MutualAuthentication: { update: 'none' },
    Port: { update: 'none' }, Protocol: { update: 'none' }, SslPolicy: { update: 'none' },
  },
  attributes: ['ListenerArn'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    if (attribute !== 'ListenerArn') throw unknownAttribute(this, attribute);
    return describeListener(context, physicalId)?.ListenerArn;
  },
  create(context, logicalId, properties) {
    const result = elbv2<CreateListenerOutput>(context, 'CreateListener', {
      LoadBalancerArn: requiredString(properties, 'LoadBalancerArn', logicalId),
      ...settings(properties, logicalId),
      Tags: createTags(properties),
    });
    const arn = result.Listeners![0]!.ListenerArn!;
    tagWithStack(context, arn, logicalId);
    return { physicalId: arn };
  },
  update(context, physicalId, previous, next) {
    if (changedProperties(previous, next).some((name) => name !== 'Tags')) {
      elbv2(context, 'ModifyListener', { ListenerArn: physicalId, ...settings(next, physicalId) });
    }
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    if (describeListener(context, physicalId)) elbv2(context, 'DeleteListener', { ListenerArn: physicalId });
  },
  read(context, physicalId) {
    const listener = describeListener(context, physicalId);
    if (!listener) return undefined;
    return defined({
      AlpnPolicy: listener.AlpnPolicy,
      Certificates: listener.Certificates,
      DefaultActions: listener.DefaultActions,
      LoadBalancerArn: listener.LoadBalancerArn,
      Port: listener.Port,
      Protocol: listener.Protocol,
      SslPolicy: listener.SslPolicy,
      Tags: currentTags(context, physicalId),
    });
  },
};
