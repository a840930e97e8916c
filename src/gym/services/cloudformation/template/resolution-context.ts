import type { Result } from '../../../../core/result.js';
import type { TemplateMappings } from './template.js';
import type { TemplateError } from './template-errors.js';

/** The values behind the pseudo parameters of one stack operation. */
export interface PseudoParameterValues {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly notificationArns?: readonly string[];
}

/**
 * What evaluation needs from the stack engine. Parameters, conditions and mappings are data; `ref` is
 * asked only for names that are neither pseudo parameters nor parameters, that is for resources.
 */
export interface ResolutionContext {
  readonly pseudo: PseudoParameterValues;
  /** Bound parameter values (bindParameters' `values`). */
  readonly parameters: Readonly<Record<string, string | readonly string[]>>;
  /** Evaluated conditions (evaluateConditions' result); empty while conditions themselves are evaluated. */
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly mappings: TemplateMappings;
  /** A resource's Ref value (usually its physical id). */
  ref(logicalId: string): Result<unknown, TemplateError>;
  /** A resource's attribute, as Fn::GetAtt returns it. */
  getAtt(logicalId: string, attribute: string): Result<unknown, TemplateError>;
  /** The value another stack exported under this name. */
  importValue(name: string): Result<unknown, TemplateError>;
  /** The region's availability zones, in order, for Fn::GetAZs. */
  availabilityZones(region: string): readonly string[];
}

/** The partition a region belongs to (AWS::Partition). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The domain suffix of a region's endpoints (AWS::URLSuffix). */
export function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}
