import type {
  CreateLaunchTemplateResult, CreateLaunchTemplateVersionResult, DescribeLaunchTemplatesResult, DescribeLaunchTemplateVersionsResult, LaunchTemplate,
} from '@aws-sdk/client-ec2';
import { ec2, tagWithStack } from './ec2-calls.js';
import { unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalString, physicalName, readTags, tagChanges, unlessNotFound } from './provider-values.js';

function describeTemplate(context: ProviderContext, id: string): LaunchTemplate | undefined {
  return unlessNotFound(() => ec2<DescribeLaunchTemplatesResult>(context, 'DescribeLaunchTemplates', { LaunchTemplateIds: [id] }).LaunchTemplates?.[0]);
}

/** The launch template's own tags, from the template's TagSpecifications (resource type launch-template). */
function templateTags(properties: ResourceProperties): ResourceProperties {
  const specifications = (properties['TagSpecifications'] as { ResourceType?: string; Tags?: unknown }[] | undefined) ?? [];
  return { Tags: specifications.find((specification) => specification.ResourceType === 'launch-template')?.Tags };
}

/**
 * AWS::EC2::LaunchTemplate. A change of its data makes a new version and makes it the default, as
 * CloudFormation does; the template keeps its id, so instances that name it are not touched.
 */
export const launchTemplateProvider: ResourceProvider = {
  type: 'AWS::EC2::LaunchTemplate',
  properties: {
    LaunchTemplateData: { update: 'none', required: true },
    LaunchTemplateName: { update: 'replace' },
    TagSpecifications: { update: 'none' },
    VersionDescription: { update: 'none' },
  },
  attributes: ['DefaultVersionNumber', 'LatestVersionNumber', 'LaunchTemplateId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const template = describeTemplate(context, physicalId);
    switch (attribute) {
      // CloudFormation gives version numbers as strings.
      case 'DefaultVersionNumber': return template ? String(template.DefaultVersionNumber) : undefined;
      case 'LatestVersionNumber': return template ? String(template.LatestVersionNumber) : undefined;
      case 'LaunchTemplateId': return template?.LaunchTemplateId;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const { LaunchTemplate: template } = ec2<CreateLaunchTemplateResult>(context, 'CreateLaunchTemplate', {
      LaunchTemplateName: optionalString(properties, 'LaunchTemplateName') ?? physicalName(context, logicalId, 128),
      LaunchTemplateData: properties['LaunchTemplateData'],
      VersionDescription: optionalString(properties, 'VersionDescription'),
      TagSpecifications: properties['TagSpecifications'],
    });
    tagWithStack(context, template!.LaunchTemplateId!, logicalId);
    return { physicalId: template!.LaunchTemplateId! };
  },
  update(context, physicalId, previous, next) {
    const changed = (name: string) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]);
    if (changed('LaunchTemplateData') || changed('VersionDescription')) {
      const { LaunchTemplateVersion: version } = ec2<CreateLaunchTemplateVersionResult>(context, 'CreateLaunchTemplateVersion', {
        LaunchTemplateId: physicalId,
        LaunchTemplateData: next['LaunchTemplateData'],
        VersionDescription: optionalString(next, 'VersionDescription'),
      });
      ec2(context, 'ModifyLaunchTemplate', { LaunchTemplateId: physicalId, DefaultVersion: String(version!.VersionNumber) });
    }
    const { set, removed } = tagChanges(templateTags(previous), templateTags(next));
    if (set.length > 0) ec2(context, 'CreateTags', { Resources: [physicalId], Tags: set });
    if (removed.length > 0) ec2(context, 'DeleteTags', { Resources: [physicalId], Tags: removed.map((Key) => ({ Key })) });
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteLaunchTemplate', { LaunchTemplateId: physicalId }));
  },
  read(context, physicalId) {
    const template = describeTemplate(context, physicalId);
    if (!template) return undefined;
    const versions = ec2<DescribeLaunchTemplateVersionsResult>(context, 'DescribeLaunchTemplateVersions', { LaunchTemplateId: physicalId, Versions: ['$Default'] });
    const version = versions.LaunchTemplateVersions?.[0];
    const tags = readTags(template.Tags);
    return defined({
      LaunchTemplateData: version?.LaunchTemplateData,
      LaunchTemplateName: template.LaunchTemplateName,
      TagSpecifications: tags ? [{ ResourceType: 'launch-template', Tags: tags }] : undefined,
      VersionDescription: version?.VersionDescription,
    });
  },
};
