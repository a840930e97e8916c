import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateConditions } from './evaluate-conditions.js';
import { parseTemplate } from './parse-template.js';
import { cdkJson, sampleYaml } from './test-templates.js';
import { testContext } from './test-context.js';
import type { Template } from './template.js';

function template(body: string): Template {
  const result = parseTemplate(body);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

describe('evaluateConditions', () => {
  it('evaluates conditions that refer to each other, in any order', () => {
    const result = evaluateConditions(template(sampleYaml), testContext({ parameters: { EnvType: 'prod', KeyName: 'ops' } }));
    assert.deepEqual(result.success && result.value, { IsProd: true, HasKey: true, ProdWithKey: true });
    const test = evaluateConditions(template(sampleYaml), testContext({ parameters: { EnvType: 'test', KeyName: '' } }));
    assert.deepEqual(test.success && test.value, { IsProd: false, HasKey: false, ProdWithKey: false });
  });

  it('keeps CDKMetadata only in the regions CDK lists', () => {
    const cdk = template(cdkJson);
    const inRegion = evaluateConditions(cdk, testContext());
    assert.deepEqual(inRegion.success && inRegion.value, { CDKMetadataAvailable: true });
    const elsewhere = evaluateConditions(cdk, testContext({ pseudo: { region: 'mars-north-1', accountId: '1', stackName: 's', stackId: 'x' } }));
    assert.deepEqual(elsewhere.success && elsewhere.value, { CDKMetadataAvailable: false });
  });

  it('names a loop of conditions', () => {
    const looped = template('Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  R: {Type: X}\n');
    const result = evaluateConditions(looped, testContext());
    assert.equal(result.success ? '' : result.error.message, 'Template format error: Circular dependency between conditions: [A, B]');
  });
});
