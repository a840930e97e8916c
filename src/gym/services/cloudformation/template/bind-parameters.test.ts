import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bindParameters, type ParameterInput } from './bind-parameters.js';
import { parseTemplate } from './parse-template.js';
import { cdkJson, sampleYaml } from './test-templates.js';
import type { Template } from './template.js';

function template(body: string): Template {
  const result = parseTemplate(body);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

const sample = template(sampleYaml);

function failure(inputs: ParameterInput[], previous?: Record<string, string>): string {
  const result = bindParameters(sample, inputs, previous);
  assert.equal(result.success, false, 'binding should fail');
  return result.success ? '' : result.error.message;
}

describe('bindParameters', () => {
  it('takes given values and defaults, splits lists and masks NoEcho values', () => {
    const result = bindParameters(sample, [{ ParameterKey: 'DbPassword', ParameterValue: 'correct-horse' }, { ParameterKey: 'EnvType', ParameterValue: 'prod' }]);
    if (!result.success) assert.fail(result.error.message);
    assert.equal(result.value.values.EnvType, 'prod');
    assert.equal(result.value.values.InstanceType, 't3.micro');
    assert.deepEqual(result.value.values.SshCidrs, ['10.0.0.0/8', '192.168.0.0/16']);
    assert.equal(result.value.given.DbPassword, 'correct-horse', 'the real value is kept for UsePreviousValue');
    assert.deepEqual(result.value.entries.find((entry) => entry.ParameterKey === 'DbPassword'), { ParameterKey: 'DbPassword', ParameterValue: '****' });
  });

  it('words its refusals as CreateStack does', () => {
    assert.equal(failure([]), 'Parameters: [DbPassword] must have values');
    assert.equal(failure([{ ParameterKey: 'Nope', ParameterValue: 'x' }]), 'Parameters: [Nope] do not exist in the template');
    const password = { ParameterKey: 'DbPassword', ParameterValue: 'long-enough' };
    assert.equal(failure([password, { ParameterKey: 'EnvType', ParameterValue: 'staging' }]), "Parameter 'EnvType' must be one of AllowedValues");
    assert.equal(failure([{ ParameterKey: 'DbPassword', ParameterValue: 'short' }]), "Parameter 'DbPassword' must contain at least 8 characters");
    assert.match(failure([password, { ParameterKey: 'InstanceType', ParameterValue: 'T3 micro' }]), /^Parameter 'InstanceType' must match pattern /);
  });

  it('checks numbers and their bounds, and prefers ConstraintDescription', () => {
    const numbers = template('Parameters:\n  Size: {Type: Number, MinValue: 8, MaxValue: 16}\n  Name: {Type: String, AllowedPattern: "[a-z]+", ConstraintDescription: must be lower-case letters}\nResources:\n  A: {Type: X}\n');
    const bind = (size: string, name = 'ok') => {
      const result = bindParameters(numbers, [{ ParameterKey: 'Size', ParameterValue: size }, { ParameterKey: 'Name', ParameterValue: name }]);
      return result.success ? 'bound' : result.error.message;
    };
    assert.equal(bind('12'), 'bound');
    assert.equal(bind('twelve'), "Parameter 'Size' must be a number");
    assert.equal(bind('4'), "Parameter 'Size' must be a number not less than 8");
    assert.equal(bind('20'), "Parameter 'Size' must be a number not greater than 16");
    assert.equal(bind('12', 'Bad1'), "Parameter 'Name' failed to satisfy constraint: must be lower-case letters");
  });

  it('reuses the previous value when UsePreviousValue asks, and refuses it for a new parameter', () => {
    const result = bindParameters(sample, [{ ParameterKey: 'DbPassword', UsePreviousValue: true }], { DbPassword: 'kept-secret' });
    if (!result.success) assert.fail(result.error.message);
    assert.equal(result.value.values.DbPassword, 'kept-secret');
    assert.match(failure([{ ParameterKey: 'DbPassword', UsePreviousValue: true }], {}), /Cannot specify usePreviousValue as true for a parameter key not in the previous template/);
  });

  it('resolves SSM parameter types through the given lookup, as CDK templates need', () => {
    const cdk = template(cdkJson);
    const store: Record<string, string> = { '/cdk-bootstrap/hnb659fds/version': '21', '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2': 'ami-0cdk' };
    const result = bindParameters(cdk, [], {}, { ssmParameter: (name) => store[name] });
    if (!result.success) assert.fail(result.error.message);
    assert.equal(result.value.values.BootstrapVersion, '21');
    assert.deepEqual(result.value.entries.find((entry) => entry.ParameterKey === 'BootstrapVersion'), {
      ParameterKey: 'BootstrapVersion',
      ParameterValue: '/cdk-bootstrap/hnb659fds/version',
      ResolvedValue: '21',
    });
    const missing = bindParameters(cdk, [], {}, { ssmParameter: () => undefined });
    assert.equal(missing.success, false);
    if (!missing.success) assert.match(missing.error.message, /^Unable to fetch parameters \[.*\/cdk-bootstrap\/hnb659fds\/version\] from parameter store for this account\.$/);
  });

  it('checks that AWS-specific values exist when the engine says how', () => {
    const network = template('Parameters:\n  VpcId: {Type: "AWS::EC2::VPC::Id"}\nResources:\n  A: {Type: X}\n');
    const result = bindParameters(network, [{ ParameterKey: 'VpcId', ParameterValue: 'vpc-404' }], {}, { resourceExists: () => false });
    assert.equal(result.success ? '' : result.error.message, 'Parameter validation failed: parameter value vpc-404 for parameter name VpcId does not exist');
  });
});
