import { noValue, unwrap, type Evaluation } from './evaluation.js';
import { partitionOf, urlSuffixOf, type ResolutionContext } from './resolution-context.js';
import { raise, templateErrors } from './template-errors.js';

/** Ref: a pseudo parameter, a parameter, or (through the context) a resource's Ref value. */
export function refFunction(name: unknown, evaluation: Evaluation): unknown {
  if (typeof name !== 'string') raise(templateErrors.format('Every Ref object must have a single String value.'));
  const pseudo = pseudoValue(name, evaluation.context);
  if (pseudo !== undefined) return pseudo;
  const parameter = evaluation.context.parameters[name];
  if (parameter !== undefined) return parameter;
  return unwrap(evaluation.context.ref(name));
}

function pseudoValue(name: string, context: ResolutionContext): unknown {
  const pseudo = context.pseudo;
  switch (name) {
    case 'AWS::Region': return pseudo.region;
    case 'AWS::AccountId': return pseudo.accountId;
    case 'AWS::StackName': return pseudo.stackName;
    case 'AWS::StackId': return pseudo.stackId;
    case 'AWS::Partition': return partitionOf(pseudo.region);
    case 'AWS::URLSuffix': return urlSuffixOf(pseudo.region);
    case 'AWS::NotificationARNs': return pseudo.notificationArns ?? [];
    case 'AWS::NoValue': return noValue;
    default: return undefined;
  }
}
