import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DescribeImagesResult } from '@aws-sdk/client-ec2';
import { ProviderTestWorld } from '../providers/provider-testing.js';
import { CDK_BOOTSTRAP_VERSION, ssmParameterSource } from './ssm-parameters.js';

describe('ssmParameterSource', () => {
  const gym = new ProviderTestWorld();
  const lookup = (name: string) => gym.run((context) => ssmParameterSource(context)(name));
  const imageName = (id: string | undefined) => gym.call<DescribeImagesResult>('ec2', 'DescribeImages', { ImageIds: [id] }).Images![0]!.Name;

  it('answers the CDK bootstrap version for any qualifier, recent enough for CDK\'s CheckBootstrapVersion rule', () => {
    assert.equal(lookup('/cdk-bootstrap/hnb659fds/version'), CDK_BOOTSTRAP_VERSION);
    assert.equal(lookup('/cdk-bootstrap/custom42/version'), CDK_BOOTSTRAP_VERSION);
    assert.ok(Number(CDK_BOOTSTRAP_VERSION) >= 6);
  });

  it('answers the latest Amazon Linux parameters with the gym\'s own images, by family and architecture', () => {
    assert.match(imageName(lookup('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64'))!, /^al2023-ami-.*-x86_64$/);
    assert.match(imageName(lookup('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64'))!, /^al2023-ami-.*-arm64$/);
    assert.match(imageName(lookup('/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2'))!, /^amzn2-ami-.*-x86_64-gp2$/);
  });

  it('knows nothing else, so CreateStack reports the parameter as not in the parameter store', () => {
    assert.equal(lookup('/my-app/database-url'), undefined);
    assert.equal(lookup('/cdk-bootstrap/hnb659fds/other'), undefined);
  });
});
