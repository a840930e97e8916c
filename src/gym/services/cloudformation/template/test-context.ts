import type { ResolutionContext } from './resolution-context.js';
import type { TemplateMappings } from './template.js';
import { templateErrors } from './template-errors.js';

/** A ResolutionContext for tests: two resources with fixed Ref values and attributes, one export, three zones. */
export function testContext(overrides: Partial<ResolutionContext> & { mappings?: TemplateMappings } = {}): ResolutionContext {
  const resources: Record<string, { ref: string; attributes: Record<string, unknown> }> = {
    Vpc: { ref: 'vpc-0123', attributes: { CidrBlock: '10.0.0.0/16', DefaultSecurityGroup: 'sg-0def' } },
    Web: { ref: 'i-0abc', attributes: { AvailabilityZone: 'us-east-1b', PrivateIp: '10.0.1.5' } },
  };
  return {
    pseudo: { region: 'us-east-1', accountId: '123456789012', stackName: 'web', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/web/1' },
    parameters: { EnvType: 'prod', Cidrs: ['10.0.0.0/8', '192.168.0.0/16'], Count: '2' },
    conditions: { IsProd: true, IsTest: false },
    mappings: { RegionMap: { 'us-east-1': { AMI: 'ami-0aaa', Zones: ['a', 'b'] } } },
    ref: (id) => (resources[id] ? { success: true, value: resources[id].ref } : { success: false, error: templateErrors.unresolved([id]) }),
    getAtt: (id, attribute) => {
      const value = resources[id]?.attributes[attribute];
      if (value === undefined) return { success: false, error: templateErrors.evaluation(`resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`) };
      return { success: true, value };
    },
    importValue: (name) =>
      name === 'shared-vpc' ? { success: true, value: 'vpc-shared' } : { success: false, error: templateErrors.validation(`No export named ${name} found. Rollback requested by user.`) },
    availabilityZones: (region) => ['a', 'b', 'c'].map((letter) => `${region}${letter}`),
    ...overrides,
  };
}
