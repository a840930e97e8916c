import type { Shape } from '../aws/models/shape.js';

/**
 * Why a form-encoded request's parameters could be read two ways, or undefined when they cannot.
 * The gateway decides on what it decodes, and the upstream acts on what it decodes: a parameter given
 * twice (`Action=DescribeVpcs&Action=TerminateInstances`, or once in the query and once in the body)
 * or a known parameter in other letter case (`instanceId.1`) could be read differently upstream, so
 * such a request is refused rather than guessed at. AWS's SDKs and CLI never send either.
 */
export function ambiguousParameters(params: URLSearchParams, input: Shape | undefined, ec2: boolean): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return `the parameter ${key} is given more than once`;
    seen.add(key);
  }
  const known = wireNames(input, ec2);
  for (const key of seen) {
    const top = key.split('.', 1)[0]!;
    if (known.has(top) || top === 'Action' || top === 'Version' || top.startsWith('X-Amz-')) continue;
    const lower = top.toLowerCase();
    for (const name of known) {
      if (name.toLowerCase() === lower) return `the parameter ${top} differs only in letter case from ${name}; send ${name}`;
    }
  }
  return undefined;
}

const memoKey = (ec2: boolean) => (ec2 ? 'gateway-ec2-names' : 'gateway-query-names');

/** The top-level wire names of an operation's input, as the EC2 or query protocol spells them. */
function wireNames(input: Shape | undefined, ec2: boolean): ReadonlySet<string> {
  if (!input) return new Set();
  const cached = input.memo.get(memoKey(ec2)) as ReadonlySet<string> | undefined;
  if (cached) return cached;
  const names = new Set<string>();
  for (const member of input.members.values()) {
    const location = member.locationName;
    names.add(ec2 ? (member.queryName ?? (location ? location.charAt(0).toUpperCase() + location.slice(1) : member.name)) : (location ?? member.name));
  }
  input.memo.set(memoKey(ec2), names);
  return names;
}
