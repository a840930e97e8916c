import { unknownAttribute, type ResourceProvider } from './provider.js';

/**
 * AWS::CDK::Metadata: the version-reporting resource `cdk synth` adds to every stack (logical id
 * CDKMetadata, only in the regions its CDKMetadataAvailable condition lists). CloudFormation keeps it as
 * a record with nothing behind it, so the gym does the same: creating, changing and deleting it touch
 * no service, and a new Analytics string (the app's construct list changed) is an in-place update.
 */
export const cdkMetadataProvider: ResourceProvider = {
  type: 'AWS::CDK::Metadata',
  driftable: false,
  properties: { Analytics: { update: 'none' }, Modules: { update: 'none' } },
  attributes: [],
  ref: (physicalId) => physicalId,
  getAtt(_physicalId, attribute) {
    throw unknownAttribute(this, attribute);
  },
  create: (context) => ({ physicalId: context.ids.uuid() }),
  update() {
    // Nothing exists outside the stack record, which the engine updates.
  },
  delete() {
    // Nothing to delete outside the stack record.
  },
  // There is nothing to read back: the record is all there is, so it reads as present with no properties.
  read: () => ({}),
};
