import { AwsError } from '../../../aws/aws-error.js';

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

/** CloudFormation's errors, with the codes and messages AWS sends. */
export const cloudFormationErrors = {
  validation,
  stackNotFound: (name: string) => validation(`Stack with id ${name} does not exist`),
  stackExists: (name: string) => new AwsError('AlreadyExistsException', `Stack [${name}] already exists`, { status: 400 }),
  changeSetExists: (name: string) => new AwsError('AlreadyExistsException', `ChangeSet ${name} already exists`, { status: 400 }),
  stackExistsForChangeSet: (name: string, changeSet: string) =>
    new AwsError('AlreadyExistsException', `Stack [${name}] already exists and cannot be created again with the changeSet [${changeSet}].`, { status: 400 }),
  invalidChangeSetStatus: (id: string, status: string) =>
    new AwsError('InvalidChangeSetStatus', `ChangeSet [${id}] cannot be executed in its current status of [${status}]`, { status: 400 }),
  changeSetNotFound: (name: string) => new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, { status: 404 }),
  notUpdatable: (name: string, status: string) =>
    validation(`Stack:${name} is in ${status} state and can not be updated.`),
  noUpdates: () => validation('No updates are to be performed.'),
  unrecognizedTypes: (types: readonly string[]) => validation(`Template format error: Unrecognized resource types: [${types.join(', ')}]`),
  exportInUse: (exportName: string, importer: string) => validation(`Export ${exportName} cannot be deleted as it is in use by ${importer}`),
  templateMissing: () => validation('Either Template URL or Template Body must be specified.'),
  templateUrl: () => validation('TemplateURL is not supported by the gym: pass the template inline with TemplateBody (the CLI: --template-body file://template.yaml)'),
};
