import { AwsError } from '../../../../aws/aws-error.js';
import type { ProviderContext, ResourceProperties, ResourceProvider } from './provider.js';

/** A tag as templates write it. */
export interface CfnTag {
  readonly Key: string;
  readonly Value: string;
}

/** The tags CloudFormation puts on what it creates, as AWS does: stack name, stack id and logical id. */
export function stackTags(context: ProviderContext, logicalId: string): Record<string, string> {
  return {
    'aws:cloudformation:stack-name': context.stack.stackName,
    'aws:cloudformation:stack-id': context.stack.stackId,
    'aws:cloudformation:logical-id': logicalId,
  };
}

/** The AWS ValidationError for a resource whose properties do not fit its type. */
export function propertyError(logicalId: string, message: string): AwsError {
  return new AwsError('ValidationError', `Properties validation failed for resource ${logicalId} with message: ${message}`);
}

/** The first required property missing from a resource, as CloudFormation's validation reports it. */
export function missingRequired(provider: ResourceProvider, logicalId: string, properties: ResourceProperties): AwsError | undefined {
  const missing = Object.entries(provider.properties).find(([name, spec]) => spec.required && properties[name] === undefined);
  return missing ? propertyError(logicalId, `#: required key [${missing[0]}] not found`) : undefined;
}

/** A template's Tags list, checked: each entry needs a Key and a Value. */
export function templateTags(properties: ResourceProperties, name = 'Tags'): CfnTag[] {
  const value = properties[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AwsError('ValidationError', `${name} must be a list of {Key, Value}`);
  return value.map((tag: { Key?: unknown; Value?: unknown }) => {
    if (typeof tag?.Key !== 'string') throw new AwsError('ValidationError', `${name}: every tag needs a Key`);
    return { Key: tag.Key, Value: tag.Value === undefined ? '' : String(tag.Value) };
  });
}

/** Tags as read back from a service, without AWS's own (`aws:*`); undefined when none are left. */
export function readTags(tags: readonly { Key?: string; Value?: string }[] | undefined): CfnTag[] | undefined {
  const mine = (tags ?? []).filter((tag) => tag.Key !== undefined && !tag.Key.startsWith('aws:')).map((tag) => ({ Key: tag.Key!, Value: tag.Value ?? '' }));
  // Services keep no tag order: sorted by key (code-unit order), so equal tag sets read back equal.
  return mine.length === 0 ? undefined : mine.sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}

/** A string property (templates may give numbers where strings are meant); undefined when absent. */
export function optionalString(properties: ResourceProperties, name: string): string | undefined {
  const value = properties[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** A required string property; the AWS validation error when it is absent. */
export function requiredString(properties: ResourceProperties, name: string, logicalId: string): string {
  const value = optionalString(properties, name);
  if (value === undefined) throw propertyError(logicalId, `#: required key [${name}] not found`);
  return value;
}

/** An integer property: CloudFormation accepts `"8"` as well as `8`. */
export function optionalInteger(properties: ResourceProperties, name: string): number | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number)) throw new AwsError('ValidationError', `${name}: expected an integer, got ${JSON.stringify(value)}`);
  return number;
}

/** A boolean property: CloudFormation accepts `"true"` as well as `true`. */
export function optionalBoolean(properties: ResourceProperties, name: string): boolean | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new AwsError('ValidationError', `${name}: expected true or false, got ${JSON.stringify(value)}`);
}

/** A list-of-strings property; undefined when absent. */
export function optionalStrings(properties: ResourceProperties, name: string): string[] | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new AwsError('ValidationError', `${name}: expected a list, got ${JSON.stringify(value)}`);
  return value.map(String);
}

/** Runs a read and gives undefined when the service says the resource does not exist. */
export function unlessNotFound<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (AwsError.isAws(error) && /NotFound|Malformed/.test(error.code)) return undefined;
    throw error;
  }
}

/** Drops undefined values, so read-back properties compare equal to templates that leave them out. */
export function defined(properties: ResourceProperties): ResourceProperties {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
}

/** The tag changes between two template tag lists: keys to set and keys to remove. */
export function tagChanges(previous: ResourceProperties, next: ResourceProperties): { set: CfnTag[]; removed: string[] } {
  const before = new Map(templateTags(previous).map((tag) => [tag.Key, tag.Value]));
  const after = templateTags(next);
  const keys = new Set(after.map((tag) => tag.Key));
  return {
    set: after.filter((tag) => before.get(tag.Key) !== tag.Value),
    removed: [...before.keys()].filter((key) => !keys.has(key)),
  };
}

const NAME_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The name CloudFormation makes up for a resource whose template names none: stack name, logical id and
 * a random suffix, shortened to fit the service's limit (`web-WebGroup-1K2J3H4G5F6D`).
 */
export function physicalName(context: ProviderContext, logicalId: string, maxLength = 255): string {
  let suffix = '';
  for (let index = 0; index < 12; index++) suffix += NAME_SUFFIX_ALPHABET[context.random.integer(NAME_SUFFIX_ALPHABET.length)];
  const room = Math.max(2, maxLength - suffix.length - 2);
  const stack = context.stack.stackName.slice(0, Math.ceil(room / 2));
  const logical = logicalId.slice(0, room - stack.length);
  return `${stack}-${logical}-${suffix}`.slice(0, maxLength);
}
