import { AwsError } from '../../../../aws/aws-error.js';

/** A template problem as CloudFormation reports it: always a ValidationError (HTTP 400, sender fault). */
export type TemplateError = AwsError;

/** Errors worded as CloudFormation words them, so clients that match on the text keep working. */
export const templateErrors = {
  /** A structural problem ValidateTemplate finds before anything runs. */
  format: (message: string): TemplateError => new AwsError('ValidationError', `Template format error: ${message}`),
  /** A problem found while evaluating an intrinsic function. */
  evaluation: (message: string): TemplateError => new AwsError('ValidationError', `Template error: ${message}`),
  /** A problem with the request around the template (parameters, transforms). */
  validation: (message: string): TemplateError => new AwsError('ValidationError', message),
  /** References to things the template does not declare. */
  unresolved: (names: readonly string[]): TemplateError =>
    new AwsError('ValidationError', `Template format error: Unresolved resource dependencies [${names.join(', ')}] in the Resources block of the template`),
};

/**
 * Thrown inside the evaluator and the validators and caught at their entry points, which return it as a
 * value: a failure deep inside a nested intrinsic function ends the whole evaluation, and threading a
 * Result through every recursive call would bury the logic.
 */
export class TemplateFailure extends Error {
  constructor(readonly error: TemplateError) {
    super(error.message);
    this.name = 'TemplateFailure';
  }
}

/** Throws a TemplateFailure carrying the error; only for use under a function that catches it. */
export function raise(error: TemplateError): never {
  throw new TemplateFailure(error);
}
