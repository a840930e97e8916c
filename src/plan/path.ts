/**
 * A tiny path language over API outputs: `Instances[0].InstanceId` picks one value;
 * `Reservations[].Instances[].State.Name` collects every match ([] means "each item").
 */
export function selectAll(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const token of tokenize(path)) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === undefined || item === null) continue;
      if (token === '[]') {
        if (Array.isArray(item)) next.push(...item);
      } else if (typeof token === 'number') {
        if (Array.isArray(item) && token < item.length) next.push(item[token]);
      } else if (typeof item === 'object') {
        next.push((item as Record<string, unknown>)[token]);
      }
    }
    current = next;
  }
  return current.filter((item) => item !== undefined);
}

/** The first value at a path, or undefined. */
export function selectOne(value: unknown, path: string): unknown {
  return selectAll(value, path)[0];
}

function tokenize(path: string): (string | number)[] {
  const tokens: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[]*)((?:\[\d*\])*)$/.exec(part);
    if (!match) throw new Error(`bad path segment '${part}' in '${path}'`);
    if (match[1]) tokens.push(match[1]);
    for (const index of match[2]!.match(/\[\d*\]/g) ?? []) tokens.push(index === '[]' ? '[]' : Number(index.slice(1, -1)));
  }
  return tokens;
}
