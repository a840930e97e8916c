import { AwsError } from '../../../../aws/aws-error.js';
import type { ServiceContext } from '../../../service.js';

/**
 * What changing a property does, from the "Update requires" line of the CloudFormation resource
 * reference: No interruption, Some interruptions, Replacement, or Conditional (it depends on the values).
 */
export type UpdateBehaviour = 'none' | 'interrupt' | 'replace' | 'conditional';

/** One property of a resource type, as the CloudFormation reference documents it. */
export interface PropertySpec {
  readonly update: UpdateBehaviour;
  readonly required?: boolean;
}

/** A resource's properties with every intrinsic function already resolved, in the template's names. */
export type ResourceProperties = Record<string, unknown>;

/** The stack a provider works for: its resources carry these in CloudFormation's own tags. */
export interface StackIdentity {
  readonly stackName: string;
  readonly stackId: string;
}

/** What a provider sees: the gym's service context (with `invoke`) and the stack it works for. */
export interface ProviderContext extends ServiceContext {
  readonly stack: StackIdentity;
}

/** Whether a resource has reached its steady state after a create or delete. */
export type Stabilization = 'done' | 'pending' | { readonly failed: string };

/**
 * How the stack engine creates, changes, reads and deletes one resource type. Every method is synchronous
 * and runs inside the gym transaction of the request (or timer) that calls it; a thrown AwsError fails
 * the resource with the service's own message.
 */
export interface ResourceProvider {
  /** The CloudFormation type name (`AWS::EC2::VPC`). */
  readonly type: string;
  /** False for types AWS does not check for drift (AWS::CDK::Metadata): they report NOT_CHECKED. */
  readonly driftable?: boolean;
  /** Every property the template may set, with its update behaviour and whether it is required. */
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** The attributes Fn::GetAtt accepts. */
  readonly attributes: readonly string[];
  /** What `Ref` returns for the resource. */
  ref(physicalId: string, context: ProviderContext): string;
  /** What `Fn::GetAtt` returns for one of `attributes`. */
  getAtt(physicalId: string, attribute: string, context: ProviderContext): unknown;
  /** Creates the resource and returns its physical id (what `Ref` is computed from). */
  create(context: ProviderContext, logicalId: string, properties: ResourceProperties): { physicalId: string };
  /**
   * After a create or an update: whether the resource is what `properties` ask yet (absent means at once).
   * The engine polls it as simulated time passes; it may take the next step (start a stopped instance).
   */
  stabilized?(context: ProviderContext, physicalId: string, properties: ResourceProperties): Stabilization;
  /**
   * Applies in-place changes only; the engine replaces the resource when a changed property requires it.
   * Returns the new physical id when an in-place change renames the resource (a gateway attachment moved).
   */
  update(context: ProviderContext, physicalId: string, previous: ResourceProperties, next: ResourceProperties): { physicalId: string } | void;
  /** For changed 'conditional' properties: whether these values force a replacement (absent: they do). */
  conditionalReplacement?(previous: ResourceProperties, next: ResourceProperties): boolean;
  /** Deletes the resource; a resource already gone is not an error. */
  delete(context: ProviderContext, physicalId: string, properties: ResourceProperties): void;
  /** After a delete: whether the resource is gone yet (absent means gone at once). */
  deleteStabilized?(context: ProviderContext, physicalId: string): Stabilization;
  /** The resource as it is now, in the template's property names (for drift and import); undefined when gone. */
  read(context: ProviderContext, physicalId: string): ResourceProperties | undefined;
}

/** A provider context for a stack, from the gym context of the request or timer doing the work. */
export function providerContext(context: ServiceContext, stack: StackIdentity): ProviderContext {
  return { ...context, stack };
}

/** The properties whose values differ between two versions of a resource (by JSON value). */
export function changedProperties(previous: ResourceProperties, next: ResourceProperties): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names].filter((name) => JSON.stringify(previous[name]) !== JSON.stringify(next[name])).sort();
}

/**
 * A change set's `Replacement` for a set of changed properties, as AWS reports it: True when one of them
 * requires replacement, Conditional when one may, False otherwise. A property the provider does not know
 * counts as a replacement, so an unknown change is never presented as harmless.
 */
export function replacementFor(provider: ResourceProvider, changed: readonly string[]): 'True' | 'False' | 'Conditional' {
  const behaviours = changed.map((name) => provider.properties[name]?.update ?? 'replace');
  if (behaviours.includes('replace')) return 'True';
  if (behaviours.includes('conditional')) return 'Conditional';
  return 'False';
}

/** The error AWS gives for Fn::GetAtt of an attribute the type does not have. */
export function unknownAttribute(provider: ResourceProvider, attribute: string): AwsError {
  return new AwsError(
    'ValidationError',
    `Template error: resource type ${provider.type} does not support attribute type ${attribute} in Fn::GetAtt; it has ${provider.attributes.join(', ') || 'no attributes'}`,
  );
}
