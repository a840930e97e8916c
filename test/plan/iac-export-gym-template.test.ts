import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory } from '../../src/cloud/inventory.js';
import { SAMPLE_IDS as ids, sampleInventory } from '../../src/cloud/testing/sample-inventory.js';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import { bindParameters, dependencyGraph, parseTemplate } from '../../src/gym/services/cloudformation/template/index.js';
import { exportTemplate, type ExportOptions } from '../../src/plan/iac/export-template.js';
import { renderTemplate } from '../../src/plan/iac/render-template.js';

/** The sample shop with the cases that are easy to get wrong: group-to-group rules, a self rule, a spot instance, the VPC's default group in use. */
function trickyInventory(): Inventory {
  const base = sampleInventory();
  return {
    ...base,
    securityGroups: base.securityGroups.map((group) => (group.id !== ids.webSg ? group : {
      ...group,
      rules: [
        ...group.rules,
        { direction: 'ingress' as const, protocol: 'tcp', fromPort: 8080, toPort: 8080, source: ids.lbSg, description: 'from the load balancer', ruleId: undefined },
        { direction: 'ingress' as const, protocol: '-1', fromPort: undefined, toPort: undefined, source: ids.webSg, description: 'between web servers', ruleId: undefined },
      ],
    })),
    instances: base.instances.map((instance) => {
      if (instance.id === ids.web3) return { ...instance, lifecycle: 'spot' as const };
      if (instance.id === ids.web2) return { ...instance, securityGroupIds: [ids.webSg, ids.mainVpcDefaultSg] };
      return instance;
    }),
  };
}

const cases: { name: string; options: ExportOptions }[] = [
  { name: 'everything', options: {} },
  { name: 'web-1 alone (parameters for its network)', options: { resourceIds: [ids.web1] } },
  { name: 'shop-lb with its dependencies', options: { resourceIds: [ids.loadBalancer], includeDependencies: true } },
  { name: 'the default VPC, named', options: { resourceIds: [ids.defaultVpc, ids.defaultSubnetA] } },
];

/** Every property a provider does not know, every required one missing, and every GetAtt of an attribute it does not have. */
function providerProblems(template: { Resources: Record<string, any> }): string[] {
  const providers = resourceProviders();
  const problems: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const provider = providers.get(resource.Type);
    if (!provider) {
      problems.push(`${logicalId}: the gym has no provider for ${resource.Type}`);
      continue;
    }
    for (const name of Object.keys(resource.Properties ?? {})) if (!(name in provider.properties)) problems.push(`${logicalId}: ${resource.Type} has no property ${name}`);
    for (const [name, property] of Object.entries(provider.properties)) if (property.required && resource.Properties?.[name] === undefined) problems.push(`${logicalId}: ${name} is required`);
  }
  const getAtts = JSON.stringify(template).matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)","([A-Za-z0-9.]+)"\]/g);
  for (const [, logicalId, attribute] of getAtts) {
    const type = template.Resources[logicalId!]?.Type;
    const provider = type ? providers.get(type) : undefined;
    if (!provider?.attributes.includes(attribute!)) problems.push(`Fn::GetAtt ${logicalId}.${attribute}: ${type ?? 'no such resource'} has no such attribute`);
  }
  return problems;
}

describe('exported templates against the gym CloudFormation template language', () => {
  for (const { name, options } of cases) {
    for (const format of ['yaml', 'json'] as const) {
      it(`${name}, as ${format}: parses and validates as CreateStack would, binds its parameters from their defaults, and has no dependency cycle`, () => {
        const exported = exportTemplate(trickyInventory(), options);
        const parsed = parseTemplate(renderTemplate(exported.template, format));
        assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error));
        assert.equal(Object.keys(parsed.value.Resources).length, Object.keys(exported.template.Resources).length);
        const bound = bindParameters(parsed.value, []);
        assert.ok(bound.success, bound.success ? '' : JSON.stringify(bound.error));
        const graph = dependencyGraph(parsed.value, {});
        assert.ok(graph.success, graph.success ? '' : JSON.stringify(graph.error));
        assert.ok(graph.value.creationOrder.length > 0);
      });
    }

    it(`${name}: every resource type, property and attribute is one the gym's providers know (they follow the CloudFormation reference)`, () => {
      const exported = exportTemplate(trickyInventory(), options);
      assert.deepEqual(providerProblems(exported.template as unknown as { Resources: Record<string, any> }), []);
    });
  }

  it('creates the network before what sits in it, and a route through a gateway after its attachment', () => {
    const parsed = parseTemplate(renderTemplate(exportTemplate(trickyInventory()).template, 'yaml'));
    assert.ok(parsed.success);
    const graph = dependencyGraph(parsed.value, {});
    assert.ok(graph.success);
    const level = (logicalId: string) => graph.value.creationOrder.findIndex((members) => members.includes(logicalId));
    assert.ok(level('MainVpc') < level('PublicASubnet'));
    assert.ok(level('PublicASubnet') < level('Web1Instance'));
    assert.ok(level('MainIgwAttachment') < level('PublicRtDefaultRoute'));
    assert.ok(level('WebSg') < level('WebSgIngressAllFromSelf'));
    assert.ok(level('ShopTg') < level('ShopLbListener80'));
  });
});
