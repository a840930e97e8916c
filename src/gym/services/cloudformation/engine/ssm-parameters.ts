import type { DescribeImagesResult } from '@aws-sdk/client-ec2';
import type { ServiceContext } from '../../../service.js';

/**
 * The bootstrap version the gym answers for `/cdk-bootstrap/<qualifier>/version`: the gym behaves as an
 * account bootstrapped with a current `cdk bootstrap` (CDK's CheckBootstrapVersion rule wants 6 or later).
 */
export const CDK_BOOTSTRAP_VERSION = '30';

const bootstrapVersionName = /^\/cdk-bootstrap\/[A-Za-z0-9_-]+\/version$/;
// AWS's public "latest Amazon Linux" parameters, as ec2.MachineImage.latestAmazonLinux2023() and friends read them.
const latestAmazonLinuxName = /^\/aws\/service\/ami-amazon-linux-latest\/(al2023|amzn2)-ami-.*?(x86_64|arm64)/;

/**
 * The Systems Manager parameters a stack can name in an `AWS::SSM::Parameter::Value<...>` parameter.
 * The gym has no Systems Manager, so this knows only what templates written by `cdk synth` read: the CDK
 * bootstrap version and the latest Amazon Linux images (answered from the gym's own image catalogue).
 * Any other name is undefined, and CreateStack fails as AWS does for a parameter that does not exist.
 */
export function ssmParameterSource(context: ServiceContext): (name: string) => string | undefined {
  return (name) => {
    if (bootstrapVersionName.test(name)) return CDK_BOOTSTRAP_VERSION;
    const image = latestAmazonLinuxName.exec(name);
    if (image) return latestImage(context, image[1]!, image[2]!);
    return undefined;
  };
}

function latestImage(context: ServiceContext, family: string, architecture: string): string | undefined {
  const result = context.invoke<DescribeImagesResult>('ec2', 'DescribeImages', {
    Owners: ['amazon'],
    Filters: [{ Name: 'name', Values: [`${family}-ami-*`] }, { Name: 'architecture', Values: [architecture] }],
  });
  const newest = [...(result.Images ?? [])].sort((left, right) => (right.CreationDate ?? '').localeCompare(left.CreationDate ?? ''))[0];
  return newest?.ImageId;
}
