import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsJson, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

describe('what the AWS CLI sends on its own', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('lists volumes and snapshots with the CLI\'s default MaxResults of 1000, which AWS caps instead of refusing', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    await awsJson(gym.endpoint, ['ec2', 'create-volume', '--availability-zone', 'us-east-1a', '--size', '5']);
    const volumes = await awsJson(gym.endpoint, ['ec2', 'describe-volumes']);
    assert.equal(volumes.Volumes.length, 1);
    const snapshots = await awsJson(gym.endpoint, ['ec2', 'describe-snapshots', '--owner-ids', 'self']);
    assert.deepEqual(snapshots.Snapshots, []);
  });
});
