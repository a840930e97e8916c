import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../aws-error.js';
import { ServiceModel } from '../models/service-model.js';
import { ec2Codec } from './ec2.js';
import type { WireRequest } from './wire.js';

const model = ServiceModel.load('ec2-2016-11-15');

function request(query: string): WireRequest {
  return { method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0), params: new URLSearchParams(`Version=2016-11-15&${query}`) };
}

function decode(query: string): Record<string, unknown> {
  return ec2Codec.decode(request(query), model).input;
}

/** The AwsError a decode throws, as `code: message`. */
function decodeError(query: string): string {
  try {
    decode(query);
  } catch (error) {
    if (AwsError.isAws(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('ec2 protocol: decoding', () => {
  it('decodes nested lists of structures by their EC2 wire names into SDK member names', () => {
    const input = decode(
      'Action=RunInstances&ImageId=ami-1&MinCount=1&MaxCount=2' +
        '&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=web' +
        '&TagSpecification.1.Tag.2.Key=env&TagSpecification.1.Tag.2.Value=' +
        '&SecurityGroupId.2=sg-2&SecurityGroupId.1=sg-1' +
        '&BlockDeviceMapping.1.DeviceName=/dev/xvda&BlockDeviceMapping.1.Ebs.VolumeSize=20&BlockDeviceMapping.1.Ebs.DeleteOnTermination=true' +
        '&Monitoring.Enabled=false',
    );
    assert.deepEqual(input, {
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 2,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'env', Value: '' }] }],
      SecurityGroupIds: ['sg-1', 'sg-2'],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, DeleteOnTermination: true } }],
      Monitoring: { Enabled: false },
    });
  });

  it('decodes filters with value lists, and lists of structures holding lists', () => {
    const input = decode(
      'Action=AuthorizeSecurityGroupIngress&GroupId=sg-1&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22' +
        '&IpPermissions.1.ToPort=22&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0/8&IpPermissions.1.IpRanges.2.CidrIp=192.168.0.0/16',
    );
    assert.deepEqual(input['IpPermissions'], [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16' }] },
    ]);
    const described = decode('Action=DescribeVpcs&Filter.1.Name=tag:Name&Filter.1.Value.1=a&Filter.1.Value.2=b&Filter.2.Name=is-default&Filter.2.Value.1=true');
    assert.deepEqual(described['Filters'], [{ Name: 'tag:Name', Values: ['a', 'b'] }, { Name: 'is-default', Values: ['true'] }]);
  });

  it('decodes booleans, integers and timestamps (ISO 8601 or epoch seconds) to typed values', () => {
    const input = decode('Action=DescribeSpotPriceHistory&DryRun=true&MaxResults=50&StartTime=2030-01-02T03:04:05Z&EndTime=1893456000');
    assert.equal(input['DryRun'], true);
    assert.equal(input['MaxResults'], 50);
    assert.deepEqual(input['StartTime'], new Date(Date.UTC(2030, 0, 2, 3, 4, 5)));
    assert.deepEqual(input['EndTime'], new Date(Date.UTC(2030, 0, 1)));
  });

  it('ignores parameters the model does not know, as AWS does for newer clients', () => {
    assert.deepEqual(decode('Action=DeleteVpc&VpcId=vpc-1&SomethingNew=1'), { VpcId: 'vpc-1' });
  });

  it('refuses bad values with InvalidParameterValue naming the parameter and the value', () => {
    assert.equal(decodeError('Action=RunInstances&MinCount=abc&MaxCount=1'), "InvalidParameterValue: Invalid value 'abc' for MinCount: expected an integer.");
    assert.equal(decodeError('Action=RunInstances&MinCount=1.5&MaxCount=1'), "InvalidParameterValue: Invalid value '1.5' for MinCount: expected an integer.");
    assert.equal(decodeError('Action=RunInstances&MinCount=1&MaxCount=1&DryRun=yes'), "InvalidParameterValue: Invalid value 'yes' for DryRun: expected true or false.");
    assert.equal(decodeError('Action=DescribeSpotPriceHistory&StartTime=yesterday'), "InvalidParameterValue: Invalid value 'yesterday' for StartTime: expected an ISO 8601 timestamp.");
    assert.match(decodeError('Action=RunInstances&MinCount=1&MaxCount=1&BlockDeviceMapping.1.Ebs.VolumeSize=big'), /Invalid value 'big' for BlockDeviceMapping\.1\.Ebs\.VolumeSize/);
  });

  it('refuses a missing required parameter with MissingParameter, at the top level and inside lists', () => {
    assert.equal(decodeError('Action=DeleteVpc'), 'MissingParameter: The request must contain the parameter VpcId');
    assert.equal(decodeError('Action=RunInstances&MaxCount=1'), 'MissingParameter: The request must contain the parameter MinCount');
    assert.equal(decodeError('Action=CreateTags&ResourceId.1=vpc-1'), 'MissingParameter: The request must contain the parameter Tag');
  });

  it('refuses an unknown action with InvalidAction', () => {
    assert.equal(decodeError('Action=LaunchRocket'), 'InvalidAction: The action LaunchRocket is not valid for this web service.');
    assert.equal(ec2Codec.operationName(request('Action=DescribeVpcs')), 'DescribeVpcs');
  });
});

describe('ec2 protocol: encoding', () => {
  it('writes the requestId, escapes text, and writes an empty list as an empty element', () => {
    const response = ec2Codec.encode(model, model.operation('DescribeVpcs')!, {
      Vpcs: [{ VpcId: 'vpc-1', CidrBlockAssociationSet: [], Tags: [{ Key: 'Name', Value: `a <b> & "c" 'd'` }] }],
    }, 'request-1');
    assert.equal(response.status, 200);
    assert.equal(
      response.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>request-1</requestId>' +
        '<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlockAssociationSet/><tagSet><item><key>Name</key>' +
        '<value>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</value></item></tagSet></item></vpcSet></DescribeVpcsResponse>',
    );
    const empty = ec2Codec.encode(model, model.operation('DescribeVpcs')!, { Vpcs: [] }, 'request-2');
    assert.match(String(empty.body), /<requestId>request-2<\/requestId><vpcSet\/><\/DescribeVpcsResponse>$/);
  });

  it('escapes a carriage return, which an XML parser would otherwise turn into a plain newline', () => {
    const response = ec2Codec.encode(model, model.operation('DescribeVpcs')!, { Vpcs: [{ VpcId: 'vpc-1', Tags: [{ Key: 'note', Value: 'a\r\nb\tc' }] }] }, 'r');
    assert.match(String(response.body), /<value>a&#13;\nb\tc<\/value>/);
  });

  it('writes timestamps as ISO 8601 in UTC, booleans and zeros (never dropping falsy values)', () => {
    const response = ec2Codec.encode(model, model.operation('DescribeInstances')!, {
      Reservations: [{ ReservationId: 'r-1', Instances: [{ InstanceId: 'i-1', AmiLaunchIndex: 0, EbsOptimized: false, LaunchTime: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) }] }],
    }, 'request-3');
    const body = String(response.body);
    assert.match(body, /<launchTime>2030-01-02T03:04:05\.000Z<\/launchTime>/);
    assert.match(body, /<amiLaunchIndex>0<\/amiLaunchIndex>/);
    assert.match(body, /<ebsOptimized>false<\/ebsOptimized>/);
  });

  it('writes errors as <Response><Errors>, with the status and an escaped message', () => {
    const response = ec2Codec.encodeError(model, new AwsError('InvalidParameterValue', 'Value <x> & "y" is bad'), 'request-4');
    assert.equal(response.status, 400);
    assert.equal(
      response.body,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code>' +
        '<Message>Value &lt;x&gt; &amp; &quot;y&quot; is bad</Message></Error></Errors><RequestID>request-4</RequestID></Response>',
    );
    assert.equal(ec2Codec.encodeError(model, new AwsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 }), 'r').status, 503);
  });
});
