/** One piece of an Fn::Sub string: literal text, or a `${Name}` / `${Resource.Attribute}` variable. */
export type SubPart = { readonly literal: string } | { readonly variable: string };

/**
 * Splits an Fn::Sub string into literals and variables. `${!Text}` is the escape for a literal `${Text}`;
 * an unclosed `${` stays literal, as CloudFormation leaves it.
 */
export function parseSubString(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, start);
    const inner = text.slice(start + 2, end);
    if (inner.startsWith('!')) literal += `\${${inner.slice(1)}}`;
    else {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable: inner.trim() });
    }
    index = end + 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** The variable names an Fn::Sub string uses, in order of first use. */
export function subVariables(text: string): string[] {
  const names = parseSubString(text).flatMap((part) => ('variable' in part ? [part.variable] : []));
  return [...new Set(names)];
}
