import { Pair, parseDocument, Scalar, visit, YAMLMap, type Tags } from 'yaml';

/** CloudFormation's short-form YAML tags and the functions they stand for. */
const FUNCTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  ['Ref', 'Condition'].map((name) => [`!${name}`, name]).concat(
    ['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'GetAZs', 'FindInMap', 'If', 'Equals', 'And', 'Or', 'Not', 'Base64', 'Cidr', 'ImportValue', 'Length', 'ToJsonString']
      .map((name) => [`!${name}`, `Fn::${name}`])),
);

/** Accept every short-form tag on any node; the visit below rewrites it. */
const TAGS: Tags = Object.keys(FUNCTIONS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const },
  { tag, collection: 'map' as const },
]);

/**
 * A stack's template body (GetTemplate's TemplateBody, JSON or YAML) as plain data, with short forms
 * (`!Ref Vpc`, `!GetAtt Group.GroupId`) written out long (`{ Ref: Vpc }`), so it can be patched and
 * written back as a template any parser reads.
 */
export function readTemplate(body: string): Record<string, unknown> {
  if (/^\s*\{/.test(body)) return JSON.parse(body) as Record<string, unknown>;
  const document = parseDocument(body, { customTags: TAGS });
  if (document.errors.length > 0) throw new Error(`the stack's template is not valid YAML: ${document.errors[0]!.message}`);
  visit(document, {
    Node(_key, node) {
      const name = node.tag === undefined ? undefined : FUNCTIONS[node.tag];
      if (name === undefined) return undefined;
      node.tag = undefined;
      const long = new YAMLMap();
      const value = name === 'Fn::GetAtt' && node instanceof Scalar && typeof node.value === 'string' && node.value.includes('.')
        ? document.createNode([node.value.slice(0, node.value.indexOf('.')), node.value.slice(node.value.indexOf('.') + 1)])
        : node;
      long.items.push(new Pair(new Scalar(name), value));
      return long;
    },
  });
  const template: unknown = document.toJS();
  if (template === null || typeof template !== 'object' || Array.isArray(template)) throw new Error('the stack\'s template is not a mapping');
  return template as Record<string, unknown>;
}
