import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCliArgv } from './cli-argv-check.js';

function refusal(argv: unknown): string {
  const checked = checkCliArgv(argv);
  assert.equal(checked.success, false, `expected ${JSON.stringify(argv)} to be refused`);
  return checked.success ? '' : checked.error;
}

describe('checkCliArgv', () => {
  it('passes an ordinary command through, without "aws"', () => {
    const checked = checkCliArgv(['aws', 'ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=web-1', '--region', 'us-east-1']);
    assert.deepEqual(checked, { success: true, value: ['ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=web-1', '--region', 'us-east-1'] });
  });

  it('keeps shell characters as they are: they are arguments, not syntax', () => {
    const checked = checkCliArgv(['aws', 'ec2', 'describe-instances', '|', 'sh', '>', 'out.txt', ';', 'rm', '-rf', '/']);
    assert.ok(checked.success);
    assert.deepEqual(checked.value.slice(2), ['|', 'sh', '>', 'out.txt', ';', 'rm', '-rf', '/']);
  });

  it('refuses anything but a string array starting with aws, saying what shape it wants', () => {
    assert.match(refusal('aws ec2 describe-instances'), /argv must be an array of strings, like \["aws", "ec2", "describe-instances"\]/);
    assert.match(refusal(['aws', 'ec2', 3]), /array of strings/);
    assert.match(refusal(['sh', '-c', 'aws ec2 describe-instances']), /argv must start with "aws" \(got "sh"\)/);
    assert.match(refusal(['aws', 'ec2']), /names no service and operation/);
  });

  for (const [flag, why] of [
    ['--endpoint-url', /gateway/], ['--endpoint-url=http://evil.example', /gateway/], ['--profile', /keys the gateway issued/],
    ['--no-verify-ssl', /certificate/], ['--no-sign-request', /signed/], ['--ca-bundle', /certificate/],
  ] as const) {
    it(`refuses ${flag}`, () => {
      const argv = ['aws', 'ec2', 'describe-instances', ...flag.includes('=') ? [flag] : [flag, 'x']];
      assert.match(refusal(argv), new RegExp(`^${flag.split('=')[0]} is not allowed: `));
      assert.match(refusal(argv), why);
    });
  }

  it('refuses commands that act on the host, not the cloud', () => {
    assert.match(refusal(['aws', 'configure', 'set', 'region', 'eu-west-1']), /"aws … configure" is not allowed/);
    assert.match(refusal(['aws', 'ec2', 'help']), /"aws … help" is not allowed/);
  });

  it('refuses services the gateway does not guard and the CLI\'s file-moving commands, naming what runs', () => {
    assert.match(refusal(['aws', 's3', 'cp', 's3://bucket/key', '/etc/cron.d/x']), /"aws s3" is not allowed: only the services .* \(ec2, elbv2, cloudformation, sts\)/);
    assert.match(refusal(['aws', 'lambda', 'invoke', '--function-name', 'f', 'out.json']), /"aws lambda" is not allowed/);
    assert.match(refusal(['aws', 'cloudformation', 'deploy', '--template-file', '/etc/passwd', '--stack-name', 's']), /"aws cloudformation deploy" is not allowed: .*--template-body/);
    assert.match(refusal(['aws', 'cloudformation', 'package', '--template-file', 't.yaml', '--s3-bucket', 'b']), /"aws cloudformation package" is not allowed/);
    assert.equal(checkCliArgv(['aws', 'cloudformation', 'create-change-set', '--stack-name', 's', '--change-set-name', 'c', '--template-body', '{}']).success, true);
    assert.equal(checkCliArgv(['aws', 'elbv2', 'describe-load-balancers']).success, true);
  });

  it('refuses local-file parameters, which could only read the host', () => {
    assert.match(refusal(['aws', 'ec2', 'run-instances', '--cli-input-json', 'file:///etc/passwd']), /reads a local file.*pass the value inline/);
    assert.match(refusal(['aws', 'ec2', 'run-instances', '--user-data=fileb://x']), /reads a local file/);
  });
});
