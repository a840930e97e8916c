import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../aws-error.js';
import { ServiceModel } from '../models/service-model.js';
import { queryCodec } from './query.js';
import type { WireRequest } from './wire.js';

const elbv2 = ServiceModel.load('elasticloadbalancingv2-2015-12-01');
// SNS speaks query too, and unlike ELBv2 its inputs and outputs have maps.
const sns = ServiceModel.load('sns-2010-03-31');

function request(query: string): WireRequest {
  return { method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0), params: new URLSearchParams(query) };
}

function decode(model: ServiceModel, query: string): Record<string, unknown> {
  return queryCodec.decode(request(`Version=${model.metadata.apiVersion}&${query}`), model).input;
}

function decodeError(model: ServiceModel, query: string): string {
  try {
    decode(model, query);
  } catch (error) {
    if (AwsError.isAws(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('query protocol: decoding', () => {
  it('decodes member lists of strings and of structures', () => {
    const input = decode(elbv2, 'Action=CreateLoadBalancer&Name=web&Subnets.member.2=subnet-b&Subnets.member.1=subnet-a&Tags.member.1.Key=team&Tags.member.1.Value=blue');
    assert.deepEqual(input, { Name: 'web', Subnets: ['subnet-a', 'subnet-b'], Tags: [{ Key: 'team', Value: 'blue' }] });
  });

  it('decodes maps from entry.N.key / entry.N.value', () => {
    const input = decode(sns, 'Action=CreateTopic&Name=alerts&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Alerts&Attributes.entry.2.key=FifoTopic&Attributes.entry.2.value=false');
    assert.deepEqual(input['Attributes'], { DisplayName: 'Alerts', FifoTopic: 'false' });
  });

  it('decodes nested structures with integers and booleans, and an empty list sent as `Name=`', () => {
    const input = decode(elbv2, 'Action=ModifyTargetGroup&TargetGroupArn=arn:tg&HealthCheckEnabled=true&HealthCheckIntervalSeconds=15&Matcher.HttpCode=200-299');
    assert.deepEqual(input, { TargetGroupArn: 'arn:tg', HealthCheckEnabled: true, HealthCheckIntervalSeconds: 15, Matcher: { HttpCode: '200-299' } });
    assert.deepEqual(decode(elbv2, 'Action=DescribeLoadBalancers&Names='), { Names: [] });
  });

  it('refuses bad values with ValidationError in AWS wording, naming the member and the value', () => {
    assert.equal(
      decodeError(elbv2, 'Action=CreateTargetGroup&Name=tg&Port=eighty'),
      "ValidationError: 1 validation error detected: Value 'eighty' at 'port' failed to satisfy constraint: Member must be an integer",
    );
    assert.equal(
      decodeError(elbv2, 'Action=ModifyTargetGroup&TargetGroupArn=arn:tg&HealthCheckEnabled=maybe'),
      "ValidationError: 1 validation error detected: Value 'maybe' at 'healthCheckEnabled' failed to satisfy constraint: Member must be true or false",
    );
  });

  it('refuses a missing required member with ValidationError, also inside lists and maps', () => {
    assert.equal(
      decodeError(elbv2, 'Action=CreateTargetGroup&Port=80'),
      "ValidationError: 1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    assert.match(decodeError(elbv2, 'Action=CreateLoadBalancer&Name=web&Tags.member.1.Value=blue'), /^ValidationError: .*Value null at 'tags\.1\.key'/);
    assert.match(decodeError(sns, 'Action=CreateTopic&Name=alerts&Attributes.entry.1.value=Alerts'), /^ValidationError: .*Value null at 'attributes\.1\.key'/);
  });

  it('refuses an unknown action with InvalidAction naming the version', () => {
    assert.equal(decodeError(elbv2, 'Action=LaunchRocket'), 'InvalidAction: Could not find operation LaunchRocket for version 2015-12-01');
  });
});

describe('query protocol: encoding', () => {
  it('wraps output in <XResult> with ResponseMetadata, escapes text and writes timestamps and empty lists', () => {
    const response = queryCodec.encode(elbv2, elbv2.operation('DescribeLoadBalancers')!, {
      LoadBalancers: [{ LoadBalancerName: 'a&b<c>', CreatedTime: new Date(Date.UTC(2030, 0, 1)), AvailabilityZones: [] }],
    }, 'request-1');
    assert.equal(
      response.body,
      '<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult>' +
        '<LoadBalancers><member><CreatedTime>2030-01-01T00:00:00.000Z</CreatedTime><LoadBalancerName>a&amp;b&lt;c&gt;</LoadBalancerName>' +
        '<AvailabilityZones/></member></LoadBalancers></DescribeLoadBalancersResult>' +
        '<ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>',
    );
    assert.equal(response.headers['x-amzn-requestid'], 'request-1');
  });

  it('writes maps as entry/key/value with escaped keys and values', () => {
    const response = queryCodec.encode(sns, sns.operation('GetTopicAttributes')!, { Attributes: { 'Display<Name>': 'x & y' } }, 'request-2');
    assert.match(String(response.body), /<Attributes><entry><key>Display&lt;Name&gt;<\/key><value>x &amp; y<\/value><\/entry><\/Attributes>/);
  });

  it('writes an empty result element for operations with empty output', () => {
    const response = queryCodec.encode(elbv2, elbv2.operation('DeleteLoadBalancer')!, {}, 'request-3');
    assert.match(String(response.body), /<DeleteLoadBalancerResult><\/DeleteLoadBalancerResult><ResponseMetadata>/);
  });

  it('writes errors as <ErrorResponse> with Sender/Receiver and the status', () => {
    const sender = queryCodec.encodeError(elbv2, new AwsError('Throttling', 'Rate <exceeded>'), 'request-4');
    assert.equal(sender.status, 400);
    assert.equal(
      sender.body,
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code>' +
        '<Message>Rate &lt;exceeded&gt;</Message></Error><RequestId>request-4</RequestId></ErrorResponse>',
    );
    const receiver = queryCodec.encodeError(elbv2, new AwsError('InternalFailure', 'oops', { status: 500 }), 'request-5');
    assert.equal(receiver.status, 500);
    assert.match(String(receiver.body), /<Type>Receiver<\/Type>/);
  });
});
