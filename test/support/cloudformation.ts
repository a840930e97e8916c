import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeImagesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { TEST_CREDENTIALS, TEST_REGION } from './gym.js';

/** A CloudFormation SDK v3 client pointed at a gym. */
export function cloudFormationClient(endpoint: string): CloudFormationClient {
  return new CloudFormationClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** A network, a security group, an instance and outputs: the stack a DevOps engineer writes first. */
export const webTemplate = (groupDescription = 'web traffic', instanceType = 't3.micro') => JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'web tier',
  Parameters: { ImageId: { Type: 'String' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.20.0.0/16', Tags: [{ Key: 'Name', Value: 'cfn-web' }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.20.1.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    WebGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: groupDescription, VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    },
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'ImageId' }, InstanceType: instanceType, SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'WebGroup' }] } },
  },
  Outputs: {
    VpcId: { Value: { Ref: 'Vpc' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-vpc' } } },
    WebIp: { Description: 'private address', Value: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } },
  },
});

/** Waiter settings for a fast gym clock: poll every second, give up after 30 s. */
export const waiter = (client: CloudFormationClient) => ({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 });

/** Polls DescribeStacks until the stack settles (no _IN_PROGRESS status) and returns it; no SDK waiter covers ROLLBACK_COMPLETE. */
export async function settledStack(client: CloudFormationClient, name: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
    if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) return stack;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`stack ${name} did not settle`);
}


/** The parameters webTemplate needs: an x86 Amazon image of the gym. */
export async function webParameters(ec2: EC2Client): Promise<{ ParameterKey: string; ParameterValue: string }[]> {
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  return [{ ParameterKey: 'ImageId', ParameterValue: images.Images!.find((image) => image.Architecture === 'x86_64')!.ImageId! }];
}
