import { isScalar, Pair, Scalar, visit, YAMLMap, type Document, type Tags } from 'yaml';

/** Short-form tag → the long-form function it abbreviates. */
const longForms: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!GetAZs': 'Fn::GetAZs',
  '!FindInMap': 'Fn::FindInMap',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/**
 * The `yaml` package's custom tags for CloudFormation's short forms. Each tag is accepted on a scalar, a
 * sequence or a map and left in place; `expandShortForms` then wraps the tagged node in its long form, so
 * nested short forms (`!Join ['', [!Ref A, !Sub '...']]`) expand wherever they appear.
 */
export const shortFormTags: Tags = Object.keys(longForms).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const },
  { tag, collection: 'map' as const },
]);

/** Rewrites every short-form tagged node of the document into its long form, in place. */
export function expandShortForms(document: Document): void {
  visit(document, {
    Node(_key, node) {
      const tag = node.tag;
      if (tag === undefined || !(tag in longForms)) return undefined;
      node.tag = undefined;
      const wrapper = new YAMLMap();
      wrapper.range = node.range;
      wrapper.items.push(new Pair(new Scalar(longForms[tag]), tag === '!GetAtt' ? getAttArguments(document, node) : node));
      return wrapper;
    },
  });
}

/** `!GetAtt Res.Attr.Sub` means ['Res', 'Attr.Sub']: only the first dot separates the logical id. */
function getAttArguments(document: Document, node: unknown): unknown {
  if (!isScalar(node) || typeof node.value !== 'string') return node;
  const dot = node.value.indexOf('.');
  if (dot < 0) return node;
  return document.createNode([node.value.slice(0, dot), node.value.slice(dot + 1)]);
}

