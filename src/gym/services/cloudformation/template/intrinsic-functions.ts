import { cidrFunction } from './cidr-function.js';
import { unwrap, type Evaluation } from './evaluation.js';
import { refFunction } from './ref-function.js';
import { subFunction } from './sub-function.js';
import { raise, templateErrors } from './template-errors.js';

/** One intrinsic function: its raw argument and the evaluation it runs in → its value. */
type IntrinsicFunction = (argument: unknown, evaluation: Evaluation) => unknown;

/** Every function the gym evaluates, by its long-form name. */
export const intrinsicFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  Ref: refFunction,
  Condition: (name, evaluation) => evaluation.condition(text(name, 'Condition')),
  'Fn::GetAtt': getAtt,
  'Fn::Sub': subFunction,
  'Fn::Join': join,
  'Fn::Select': select,
  'Fn::Split': (argument, evaluation) => {
    const [delimiter, source] = list(evaluation.evaluate(argument), 'Fn::Split', 2);
    return text(source, 'Fn::Split').split(text(delimiter, 'Fn::Split'));
  },
  'Fn::GetAZs': (argument, evaluation) => {
    const region = evaluation.evaluate(argument);
    return [...evaluation.context.availabilityZones(region === '' || region === undefined ? evaluation.context.pseudo.region : text(region, 'Fn::GetAZs'))];
  },
  'Fn::FindInMap': findInMap,
  'Fn::If': (argument, evaluation) => {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      raise(templateErrors.evaluation('Fn::If requires a list argument with three elements: a condition name, a value if true and a value if false'));
    }
    return evaluation.evaluate(evaluation.condition(argument[0]) ? argument[1] : argument[2]);
  },
  'Fn::Equals': (argument, evaluation) => {
    const [left, right] = list(evaluation.evaluate(argument), 'Fn::Equals', 2);
    return comparable(left) === comparable(right);
  },
  'Fn::And': (argument, evaluation) => booleans(argument, evaluation, 'Fn::And').every(Boolean),
  'Fn::Or': (argument, evaluation) => booleans(argument, evaluation, 'Fn::Or').some(Boolean),
  'Fn::Not': (argument, evaluation) => {
    const values = booleans(argument, evaluation, 'Fn::Not');
    if (values.length !== 1) raise(templateErrors.evaluation('Fn::Not requires a list argument with one function token'));
    return !values[0];
  },
  'Fn::Base64': (argument, evaluation) => Buffer.from(text(evaluation.evaluate(argument), 'Fn::Base64')).toString('base64'),
  'Fn::Cidr': (argument, evaluation) => {
    const [block, count, bits] = list(evaluation.evaluate(argument), 'Fn::Cidr', 3);
    return cidrFunction(block, count, bits);
  },
  'Fn::ImportValue': (argument, evaluation) => unwrap(evaluation.context.importValue(text(evaluation.evaluate(argument), 'Fn::ImportValue'))),
};

function getAtt(argument: unknown, evaluation: Evaluation): unknown {
  let parts: unknown[] | undefined;
  if (typeof argument === 'string' && argument.includes('.')) parts = [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)];
  else if (Array.isArray(argument) && argument.length === 2) parts = [argument[0], evaluation.evaluate(argument[1])];
  const [logicalId, attribute] = parts ?? [];
  if (typeof logicalId !== 'string' || typeof attribute !== 'string' || !logicalId || !attribute) {
    raise(templateErrors.evaluation('every Fn::GetAtt object requires two non-empty parameters'));
  }
  return unwrap(evaluation.context.getAtt(logicalId, attribute));
}

function join(argument: unknown, evaluation: Evaluation): string {
  if (!Array.isArray(argument) || argument.length !== 2) raise(joinError());
  const delimiter = argument[0];
  const items = evaluation.evaluate(argument[1]);
  if (typeof delimiter !== 'string' || !Array.isArray(items)) raise(joinError());
  return items.map((item) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : raise(joinError()))).join(delimiter);
}

function joinError() {
  return templateErrors.evaluation('every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.');
}

function select(argument: unknown, evaluation: Evaluation): unknown {
  const [index, items] = list(evaluation.evaluate(argument), 'Fn::Select', 2);
  const position = Number(index);
  if (!Array.isArray(items) || !Number.isInteger(position)) {
    raise(templateErrors.evaluation('Fn::Select requires a list argument with two elements: an integer index and a list'));
  }
  if (position < 0 || position >= items.length) raise(templateErrors.evaluation(`Fn::Select cannot select nonexistent value at index ${position}`));
  return items[position];
}

function findInMap(argument: unknown, evaluation: Evaluation): unknown {
  const [map, first, second] = list(evaluation.evaluate(argument), 'Fn::FindInMap', 3).map((item) => text(item, 'Fn::FindInMap'));
  const value = evaluation.context.mappings[map!]?.[first!]?.[second!];
  if (value === undefined) raise(templateErrors.evaluation(`Unable to get mapping for ${map}::${first}::${second}`));
  return value;
}

function booleans(argument: unknown, evaluation: Evaluation, name: string): boolean[] {
  if (!Array.isArray(argument)) raise(templateErrors.evaluation(`${name} requires a list of conditions`));
  return argument.map((item) => {
    const value = evaluation.evaluate(item);
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return raise(templateErrors.evaluation(`${name}: every element must be a condition (Fn::Equals, Fn::And, Condition, ...), not ${JSON.stringify(value)}`));
  });
}

/** CloudFormation compares the text of values: `!Equals [!Ref Count, 1]` holds when Count is "1". */
function comparable(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function list(value: unknown, name: string, length: number): unknown[] {
  if (!Array.isArray(value) || value.length !== length) raise(templateErrors.evaluation(`${name} requires a list of ${length} values, not ${JSON.stringify(value)}`));
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') raise(templateErrors.evaluation(`${name} expects a string here, not ${JSON.stringify(value)}`));
  return value;
}
