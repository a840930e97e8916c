import type {
  CreateLaunchTemplateRequest, CreateLaunchTemplateResult, CreateLaunchTemplateVersionRequest, CreateLaunchTemplateVersionResult,
  DeleteLaunchTemplateRequest, DeleteLaunchTemplateResult, DescribeLaunchTemplatesRequest, DescribeLaunchTemplatesResult,
  DescribeLaunchTemplateVersionsRequest, DescribeLaunchTemplateVersionsResult, LaunchTemplate, LaunchTemplateSpecification,
  LaunchTemplateVersion, ModifyLaunchTemplateRequest, ModifyLaunchTemplateResult, RunInstancesRequest,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { paginate } from '../paging.js';
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** The template a request names by id or by name, or the error AWS gives for each. */
function requireTemplate(ec2: Ec2Store, reference: { LaunchTemplateId?: string | undefined; LaunchTemplateName?: string | undefined }): LaunchTemplateRecord {
  if (reference.LaunchTemplateId !== undefined) {
    const template = ec2.launchTemplates.get(reference.LaunchTemplateId);
    if (!template) throw ec2Errors.launchTemplateIdNotFound(reference.LaunchTemplateId);
    return template;
  }
  if (reference.LaunchTemplateName === undefined) throw ec2Errors.missingParameter('LaunchTemplateId or LaunchTemplateName');
  const [template] = ec2.launchTemplates.find('launch-template-name', reference.LaunchTemplateName);
  if (!template) throw ec2Errors.launchTemplateNameNotFound();
  return template;
}

/** A version by number, `$Latest` or `$Default` (the default when none is given). */
function requireVersion(template: LaunchTemplateRecord, version: string | undefined): LaunchTemplateVersionRecord {
  const latest = template.versions[template.versions.length - 1]!.versionNumber;
  const number = version === undefined || version === '$Default' ? template.defaultVersion : version === '$Latest' ? latest : Number(version);
  const found = template.versions.find((candidate) => candidate.versionNumber === number);
  if (!found) throw ec2Errors.launchTemplateVersionNotFound(template.id, version ?? '$Default');
  return found;
}

/** A launch template as DescribeLaunchTemplates returns it. */
function apiTemplate(template: LaunchTemplateRecord, accountId: string): LaunchTemplate {
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    CreateTime: new Date(template.createdAt),
    CreatedBy: `arn:aws:iam::${accountId}:root`,
    DefaultVersionNumber: template.defaultVersion,
    LatestVersionNumber: template.versions[template.versions.length - 1]!.versionNumber,
    Tags: apiTags(template.tags),
  };
}

function apiVersion(template: LaunchTemplateRecord, version: LaunchTemplateVersionRecord, accountId: string): LaunchTemplateVersion {
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    VersionNumber: version.versionNumber,
    VersionDescription: version.description,
    CreateTime: new Date(version.createdAt),
    CreatedBy: `arn:aws:iam::${accountId}:root`,
    DefaultVersion: version.versionNumber === template.defaultVersion,
    LaunchTemplateData: version.data as LaunchTemplateVersion['LaunchTemplateData'],
  };
}

/**
 * A RunInstances request with its launch template applied: what the request leaves out comes from the
 * template version it names, as EC2 does. A request without a template is returned as it is.
 */
export function withLaunchTemplate(ec2: Ec2Store, input: RunInstancesRequest): RunInstancesRequest {
  const reference: LaunchTemplateSpecification | undefined = input.LaunchTemplate;
  if (!reference) return input;
  const template = requireTemplate(ec2, reference);
  const { data } = requireVersion(template, reference.Version);
  const given = Object.fromEntries(Object.entries(input).filter(([name, value]) => value !== undefined && name !== 'LaunchTemplate'));
  return { ...(data as unknown as RunInstancesRequest), ...given };
}

/**
 * The tags EC2 puts on an instance launched from a launch template (`aws:ec2launchtemplate:id` and
 * `:version`, the version it resolved to), which is how a reader (CloudFormation's included) learns
 * which template an instance came from. None for a launch without one.
 */
export function launchTemplateTags(ec2: Ec2Store, input: RunInstancesRequest): Record<string, string> {
  const reference: LaunchTemplateSpecification | undefined = input.LaunchTemplate;
  if (!reference) return {};
  const template = requireTemplate(ec2, reference);
  const { versionNumber } = requireVersion(template, reference.Version);
  return { 'aws:ec2launchtemplate:id': template.id, 'aws:ec2launchtemplate:version': String(versionNumber) };
}

/** Launch template operations. */
export const launchTemplateOperations = {
  CreateLaunchTemplate: handler<CreateLaunchTemplateRequest, CreateLaunchTemplateResult>((context, input) => {
    const ec2 = store(context);
    const name = input.LaunchTemplateName;
    if (!name) throw ec2Errors.missingParameter('LaunchTemplateName');
    if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
      throw ec2Errors.invalidParameterValue(`Launch template name '${name}' is not valid: use 3 to 128 letters, digits and ( ) . - / _`);
    }
    if (ec2.launchTemplates.find('launch-template-name', name).length > 0) throw ec2Errors.launchTemplateNameInUse(name);
    if (!input.LaunchTemplateData) throw ec2Errors.missingParameter('LaunchTemplateData');
    const template = ec2.launchTemplates.put({
      id: context.ids.resource('lt'),
      name,
      versions: [{ versionNumber: 1, description: input.VersionDescription, data: input.LaunchTemplateData as Record<string, unknown>, createdAt: context.now }],
      defaultVersion: 1,
      tags: tagsFor(input.TagSpecifications, 'launch-template'),
      createdAt: context.now,
    });
    return { LaunchTemplate: apiTemplate(template, context.accountId) };
  }),

  CreateLaunchTemplateVersion: handler<CreateLaunchTemplateVersionRequest, CreateLaunchTemplateVersionResult>((context, input) => {
    const ec2 = store(context);
    const template = requireTemplate(ec2, input);
    if (!input.LaunchTemplateData) throw ec2Errors.missingParameter('LaunchTemplateData');
    const source = input.SourceVersion !== undefined ? requireVersion(template, input.SourceVersion).data : {};
    const version: LaunchTemplateVersionRecord = {
      versionNumber: template.versions[template.versions.length - 1]!.versionNumber + 1,
      description: input.VersionDescription,
      data: { ...source, ...(input.LaunchTemplateData as Record<string, unknown>) },
      createdAt: context.now,
    };
    const updated = ec2.launchTemplates.update(template.id, (draft) => {
      draft.versions.push(version);
    });
    return { LaunchTemplateVersion: apiVersion(updated, version, context.accountId) };
  }),

  ModifyLaunchTemplate: handler<ModifyLaunchTemplateRequest, ModifyLaunchTemplateResult>((context, input) => {
    const ec2 = store(context);
    const template = requireTemplate(ec2, input);
    const version = input.DefaultVersion !== undefined ? requireVersion(template, input.DefaultVersion) : undefined;
    const updated = ec2.launchTemplates.update(template.id, (draft) => {
      if (version) draft.defaultVersion = version.versionNumber;
    });
    return { LaunchTemplate: apiTemplate(updated, context.accountId) };
  }),

  DescribeLaunchTemplates: handler<DescribeLaunchTemplatesRequest, DescribeLaunchTemplatesResult>((context, input) => {
    const ec2 = store(context);
    const named = [
      ...(input.LaunchTemplateIds ?? []).map((LaunchTemplateId) => requireTemplate(ec2, { LaunchTemplateId })),
      ...(input.LaunchTemplateNames ?? []).map((LaunchTemplateName) => requireTemplate(ec2, { LaunchTemplateName })),
    ];
    const found = named.length > 0 || input.LaunchTemplateIds?.length || input.LaunchTemplateNames?.length ? named : [...ec2.launchTemplates.values()];
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 1, maximum: 200 });
    return { LaunchTemplates: page.items.map((template) => apiTemplate(template, context.accountId)), NextToken: page.nextToken };
  }),

  DescribeLaunchTemplateVersions: handler<DescribeLaunchTemplateVersionsRequest, DescribeLaunchTemplateVersionsResult>((context, input) => {
    const template = requireTemplate(store(context), input);
    const versions = input.Versions?.length ? input.Versions.map((version) => requireVersion(template, version)) : template.versions;
    return { LaunchTemplateVersions: versions.map((version) => apiVersion(template, version, context.accountId)) };
  }),

  DeleteLaunchTemplate: handler<DeleteLaunchTemplateRequest, DeleteLaunchTemplateResult>((context, input) => {
    const ec2 = store(context);
    const template = requireTemplate(ec2, input);
    ec2.launchTemplates.delete(template.id);
    return { LaunchTemplate: apiTemplate(template, context.accountId) };
  }),
};
