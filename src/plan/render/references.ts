import { isOutputRef, type ParameterValue, type Plan } from '../plan.js';

/** Step outputs that later steps actually use, by step id. */
export function usedOutputs(plan: Plan): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const visit = (value: ParameterValue | undefined): void => {
    if (value === undefined || value === null) return;
    if (isOutputRef(value)) {
      if (!used.has(value.$ref)) used.set(value.$ref, new Set());
      used.get(value.$ref)!.add(value.output);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object') {
      Object.values(value).forEach((item) => visit(item as ParameterValue));
    }
  };
  for (const step of plan.steps) {
    visit(step.call.input);
    visit(step.wait?.call.input);
  }
  return used;
}

/** JSON text of a value with each output reference replaced by `render(ref)` (spliced, not quoted). */
export function jsonWithReferences(value: ParameterValue, render: (step: string, output: string) => string, indent?: number): string {
  const tokens: string[] = [];
  const replace = (item: ParameterValue): unknown => {
    if (isOutputRef(item)) {
      tokens.push(render(item.$ref, item.output));
      return `\u0000${tokens.length - 1}\u0000`;
    }
    if (Array.isArray(item)) return item.map(replace);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, replace(child as ParameterValue)]));
    return item;
  };
  return JSON.stringify(replace(value), null, indent).replace(/"\\u0000(\d+)\\u0000"/g, (_, index: string) => tokens[Number(index)]!);
}

/** A variable name for a step output (`s3_instanceId`). */
export function variableName(step: string, output: string): string {
  return `${step}_${output}`;
}
