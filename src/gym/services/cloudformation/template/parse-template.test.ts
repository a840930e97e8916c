import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from './parse-template.js';
import { describeTemplate } from './describe-template.js';
import { cdkJson, sampleYaml } from './test-templates.js';
import type { Template } from './template.js';

function parsed(body: string): Template {
  const result = parseTemplate(body);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

function failure(body: string): string {
  const result = parseTemplate(body);
  assert.equal(result.success, false, 'the template should be rejected');
  if (result.success) return '';
  assert.equal(result.error.code, 'ValidationError');
  return result.error.message;
}

describe('parseTemplate: short forms', () => {
  it('turns every YAML short-form tag into its long form, nested ones too', () => {
    const template = parsed(sampleYaml);
    const web = template.Resources.Web!.Properties!;
    assert.deepEqual(web.ImageId, { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'AMI'] });
    assert.deepEqual(web.KeyName, { 'Fn::If': ['HasKey', { Ref: 'KeyName' }, { Ref: 'AWS::NoValue' }] });
    assert.deepEqual(web.SecurityGroupIds, [{ 'Fn::GetAtt': ['WebGroup', 'GroupId'] }]);
    assert.deepEqual(template.Resources.Subnet!.Properties!.CidrBlock, {
      'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }],
    });
    assert.deepEqual(template.Conditions.ProdWithKey, { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'HasKey' }] });
    assert.equal(template.AWSTemplateFormatVersion, '2010-09-09', 'an unquoted date stays the version string');
    assert.equal(template.format, 'yaml');
  });

  it('splits !GetAtt A.B.C at the first dot and accepts the list form', () => {
    const template = parsed('Resources:\n  A:\n    Type: T::T::T\n    Properties:\n      X: !GetAtt A.Endpoint.Address\n      Y: !GetAtt [A, Arn]\n');
    assert.deepEqual(template.Resources.A!.Properties, {
      X: { 'Fn::GetAtt': ['A', 'Endpoint.Address'] },
      Y: { 'Fn::GetAtt': ['A', 'Arn'] },
    });
  });

  it('accepts the rest of the tags: !Split, !Or, !Base64, !ImportValue, !Sub with a variable map', () => {
    const body = [
      'Conditions:',
      '  Either: !Or [!Equals [a, b], !Equals [c, c]]',
      'Resources:',
      '  A:',
      '    Type: T::T::T',
      '    Properties:',
      '      P: !Split [",", !ImportValue shared-subnets]',
      '      Q: !Base64 {"Fn::Sub": "echo ${AWS::Region}"}',
      '      R: !Sub',
      '        - ${Name}-x',
      '        - Name: !Ref AWS::StackName',
    ].join('\n');
    const properties = parsed(body).Resources.A!.Properties!;
    assert.deepEqual(properties.P, { 'Fn::Split': [',', { 'Fn::ImportValue': 'shared-subnets' }] });
    assert.deepEqual(properties.Q, { 'Fn::Base64': { 'Fn::Sub': 'echo ${AWS::Region}' } });
    assert.deepEqual(properties.R, { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'AWS::StackName' } }] });
  });
});

describe('parseTemplate: malformed bodies', () => {
  it('names the line and column of a YAML error', () => {
    assert.match(failure('Resources:\n  A:\n    Type: [oops\n'), /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)/);
  });

  it('rejects an unknown tag, naming it', () => {
    assert.match(failure('Resources:\n  A:\n    Type: !Reff X\n'), /YAML not well-formed\. \(line 3, column 11\).*!Reff/);
  });

  it('names the line and column of a JSON error', () => {
    assert.equal(failure('{\n  "Resources": {\n    "A": }\n}'), 'Template format error: JSON not well-formed. (line 3, column 10)');
  });
});

describe('parseTemplate: structure as ValidateTemplate checks it', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no Resources', 'Description: x\n', /^Template format error: At least one Resources member must be defined\.$/],
    ['a resource without Type', 'Resources:\n  A:\n    Properties: {}\n', /\[\/Resources\/A\] Every Resources object must contain a Type member\./],
    ['an unknown section', 'Resource:\n  A: {Type: X}\nResources:\n  B: {Type: X}\n', /Invalid template property or properties \[Resource\]/],
    ['a Transform', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  A: {Type: X}\n', /^Transform AWS::Serverless-2016-10-31 is not supported by the gym/],
    ['a bad version', 'AWSTemplateFormatVersion: "2011-01-01"\nResources:\n  A: {Type: X}\n', /template version 2011-01-01/],
    ['a parameter without Type', 'Parameters:\n  P: {Default: x}\nResources:\n  A: {Type: X}\n', /Every Parameters object must contain a Type member/],
    ['an unknown parameter type', 'Parameters:\n  P: {Type: Strin}\nResources:\n  A: {Type: X}\n', /Unrecognized parameter type: Strin/],
    ['a default outside AllowedValues', 'Parameters:\n  P: {Type: String, Default: c, AllowedValues: [a, b]}\nResources:\n  A: {Type: X}\n', /^Parameter 'P' must be one of AllowedValues$/],
    ['an output without Value', 'Resources:\n  A: {Type: X}\nOutputs:\n  O: {Description: d}\n', /Every Outputs member must contain a Value object/],
    ['a Ref to nothing', 'Resources:\n  A:\n    Type: X\n    Properties: {P: !Ref Nope}\n', /^Template format error: Unresolved resource dependencies \[Nope\] in the Resources block of the template$/],
    ['a GetAtt on a parameter', 'Parameters:\n  P: {Type: String}\nResources:\n  A:\n    Type: X\n    Properties: {Q: !GetAtt P.Arn}\n', /Unresolved resource dependencies \[P\]/],
    ['a Sub variable that is nothing', 'Resources:\n  A:\n    Type: X\n    Properties: {Q: !Sub "${Missing}-a"}\n', /Unresolved resource dependencies \[Missing\]/],
    ['a DependsOn on nothing', 'Resources:\n  A:\n    Type: X\n    DependsOn: [Ghost]\n', /Unresolved resource dependencies \[Ghost\]/],
    ['an unknown condition', 'Resources:\n  A:\n    Type: X\n    Condition: Nope\n', /Unresolved condition dependencies \[Nope\]/],
    ['a resource in Conditions', 'Conditions:\n  C: !Equals [!Ref A, x]\nResources:\n  A: {Type: X}\n', /Unresolved dependencies \[A\]\. Cannot reference resources in the Conditions block/],
    ['an unknown resource attribute', 'Resources:\n  A:\n    Type: X\n    Propertes: {}\n', /Invalid template resource property 'Propertes'/],
    ['an unknown function', 'Resources:\n  A:\n    Type: X\n    Properties: {P: {"Fn::Length": [1, 2]}}\n', /^Template format error: Encountered unsupported function: Fn::Length$/],
    ['a non-alphanumeric logical id', 'Resources:\n  my-res: {Type: X}\n', /Resource name my-res is non alphanumeric/],
  ];
  for (const [name, body, expected] of cases) {
    it(`rejects ${name}`, () => assert.match(failure(body), expected));
  }

  it('accepts an Fn::Sub variable that its own map defines, and escaped ${!Literal}', () => {
    parsed('Resources:\n  A:\n    Type: X\n    Properties: {Q: !Sub ["${V}-${!NotAVariable}", {V: x}]}\n');
  });
});

describe('parseTemplate: templates others write', () => {
  it('accepts a template as cdk synth writes it, Rules, SSM parameters and CDKMetadata included', () => {
    const template = parsed(cdkJson);
    assert.equal(template.format, 'json');
    assert.equal(template.Resources.CDKMetadata!.Type, 'AWS::CDK::Metadata');
    assert.equal(template.Resources.CDKMetadata!.Condition, 'CDKMetadataAvailable');
    assert.ok(template.Rules.CheckBootstrapVersion, 'Rules are kept');
    assert.equal(template.Parameters.BootstrapVersion!.Type, 'AWS::SSM::Parameter::Value<String>');
  });

  it('describes parameters as ValidateTemplate does: defaults, NoEcho, descriptions, no capabilities', () => {
    const description = describeTemplate(parsed(sampleYaml));
    assert.equal(description.Description, 'A web server in its own network');
    assert.deepEqual(description.Capabilities, []);
    assert.deepEqual(description.Parameters.find((parameter) => parameter.ParameterKey === 'DbPassword'), { ParameterKey: 'DbPassword', NoEcho: true });
    assert.deepEqual(description.Parameters.find((parameter) => parameter.ParameterKey === 'EnvType'), {
      ParameterKey: 'EnvType',
      DefaultValue: 'test',
      NoEcho: false,
      Description: 'Environment type',
    });
  });

  it('asks for CAPABILITY_NAMED_IAM when an IAM resource has a name', () => {
    const description = describeTemplate(parsed('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: app}\n'));
    assert.deepEqual(description.Capabilities, ['CAPABILITY_NAMED_IAM']);
  });
});

describe('parseTemplate: JSON error positions', () => {
  const cases: Array<[string, string]> = [
    ['{"Resources": {"A": {"Type": "X",}}}', 'line 1, column 34'],
    ['{\n  "Resources": {\n    "A": {"Type": "X"}\n  }\n', 'line 5, column 1'],
    ['{\n  "Resources": [1 2]\n}', 'line 2, column 19'],
  ];
  for (const [body, position] of cases) {
    it(`places the error at ${position}`, () => assert.equal(failure(body), `Template format error: JSON not well-formed. (${position})`));
  }
});
