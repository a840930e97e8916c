/** The shape of a parsed CloudFormation template, after short-form tags became long-form functions. */

/** One declared parameter, as the template's Parameters section declares it. */
export interface TemplateParameter {
  readonly Type: string;
  readonly Default?: unknown;
  readonly Description?: string;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly NoEcho?: boolean | string;
  readonly ConstraintDescription?: string;
}

/** One resource declaration: its type, properties and resource attributes. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly CreationPolicy?: unknown;
  readonly UpdatePolicy?: unknown;
}

/** One output: a value, optionally exported under a name and guarded by a condition. */
export interface TemplateOutput {
  readonly Value: unknown;
  readonly Description?: unknown;
  readonly Export?: { readonly Name: unknown };
  readonly Condition?: string;
}

/** Mappings: map name → top-level key → second-level key → value. */
export type TemplateMappings = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;

/** A template that passed structural validation; every section is present (empty when the body left it out). */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Metadata: Readonly<Record<string, unknown>>;
  readonly Parameters: Readonly<Record<string, TemplateParameter>>;
  readonly Mappings: TemplateMappings;
  readonly Conditions: Readonly<Record<string, unknown>>;
  /** Kept for GetTemplateSummary and round trips; the gym does not evaluate Rules (see validate-template.ts). */
  readonly Rules: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs: Readonly<Record<string, TemplateOutput>>;
  /** Which syntax the body was written in. */
  readonly format: 'json' | 'yaml';
}

/** Pseudo parameters CloudFormation defines in every stack. */
export const pseudoParameters = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** True when the name is one of CloudFormation's pseudo parameters. */
export function isPseudoParameter(name: string): boolean {
  return (pseudoParameters as readonly string[]).includes(name);
}

/** True for a plain object (a JSON map), not an array or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
