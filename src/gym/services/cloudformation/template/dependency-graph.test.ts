import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGraph, type DependencyGraph } from './dependency-graph.js';
import { parseTemplate } from './parse-template.js';
import { cdkJson, sampleYaml } from './test-templates.js';
import type { Template } from './template.js';

function template(body: string): Template {
  const result = parseTemplate(body);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

function graph(body: string, conditions: Record<string, boolean> = {}): DependencyGraph {
  const result = dependencyGraph(template(body), conditions);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

describe('dependencyGraph', () => {
  it('finds dependencies from Ref, GetAtt, Fn::Sub and DependsOn, and orders creation in parallel levels', () => {
    const sample = graph(sampleYaml, { IsProd: true, HasKey: false, ProdWithKey: false });
    assert.deepEqual(sample.dependencies, {
      Vpc: [],
      Subnet: ['Vpc'],
      WebGroup: ['Vpc'],
      Web: ['Subnet', 'WebGroup'],
      ProdVolume: ['Web'],
    });
    assert.deepEqual(sample.creationOrder, [['Vpc'], ['Subnet', 'WebGroup'], ['Web'], ['ProdVolume']]);
    assert.deepEqual(sample.deletionOrder, [['ProdVolume'], ['Web'], ['Subnet', 'WebGroup'], ['Vpc']]);
    assert.deepEqual(sample.outputDependencies, { WebId: ['Web'], VolumeId: ['ProdVolume'] });
  });

  it('leaves out resources and outputs whose condition is false', () => {
    const test = graph(sampleYaml, { IsProd: false, HasKey: false, ProdWithKey: false });
    assert.equal('ProdVolume' in test.dependencies, false);
    assert.deepEqual(Object.keys(test.outputDependencies), ['WebId']);
    const cdk = graph(cdkJson, { CDKMetadataAvailable: false });
    assert.equal('CDKMetadata' in cdk.dependencies, false);
    assert.deepEqual(cdk.dependencies.InstanceC1063A87, ['VpcPublicSubnet1Subnet5C2D37C4', 'VpcVPCGWBF912B6E']);
  });

  it('follows only the Fn::If branch the condition picks', () => {
    const body = 'Conditions:\n  UseA: !Equals [a, a]\nResources:\n  A: {Type: X}\n  B: {Type: X}\n  C:\n    Type: X\n    Properties: {P: !If [UseA, !Ref A, !GetAtt B.Arn]}\n';
    assert.deepEqual(graph(body, { UseA: true }).dependencies.C, ['A']);
    assert.deepEqual(graph(body, { UseA: false }).dependencies.C, ['B']);
  });

  it('refuses a reference to a resource its condition removed', () => {
    const result = dependencyGraph(template(sampleYaml), { IsProd: false, HasKey: false, ProdWithKey: false });
    assert.equal(result.success, true, 'the output guarded by IsProd goes with its resource');
    const body = 'Conditions:\n  Never: !Equals [a, b]\nResources:\n  A: {Type: X, Condition: Never}\n  B:\n    Type: X\n    Properties: {P: !Ref A}\n';
    const removed = dependencyGraph(template(body), { Never: false });
    assert.equal(removed.success ? '' : removed.error.message, 'Template format error: Unresolved resource dependencies [A] in the Resources block of the template');
  });

  it('names the resources on a cycle, not those merely waiting behind it', () => {
    const body = 'Resources:\n  A: {Type: X, DependsOn: B}\n  B:\n    Type: X\n    Properties: {P: !Sub "${C.Arn}"}\n  C:\n    Type: X\n    Properties: {P: !Ref A}\n  D: {Type: X, DependsOn: A}\n  E: {Type: X}\n';
    const result = dependencyGraph(template(body), {});
    assert.equal(result.success ? '' : result.error.message, 'Circular dependency between resources: [A, B, C]');
  });
});
