import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { scanImports, type ImportReference } from './import-scanner.js';

/** A layer may import the listed layers (and itself), or anything. */
export type LayerRule = readonly string[] | 'anything';

/**
 * DESIGN.md's layer table: folder under src/ → the folders it may import. The gym and the agent side
 * (cloud, plan, guard, exec, agent) meet only over HTTP, so neither lists the other.
 */
export const LAYERS: Readonly<Record<string, LayerRule>> = {
  core: [],
  aws: ['core'],
  gym: ['aws', 'core'],
  cloud: ['core'],
  plan: ['cloud', 'core'],
  guard: ['plan', 'cloud', 'core'],
  exec: ['plan', 'guard', 'cloud', 'core'],
  agent: ['plan', 'guard', 'exec', 'cloud', 'core'],
  gateway: ['aws', 'guard', 'core'],
  ops: ['cloud', 'plan', 'guard', 'core'],
  // "agent, gym and everything below" (DESIGN.md): what those two may import, transitively, and the gateway,
  // which sits below bench too: the benchmark puts one in front of the gym for the modality agents.
  bench: ['agent', 'gym', 'gateway', 'exec', 'guard', 'plan', 'cloud', 'aws', 'core'],
  cli: 'anything',
  server: 'anything',
};

/** One import that crosses the layer table, with the file and line that makes it. */
export interface LayerViolation {
  /** Path relative to the source root, with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly message: string;
}

/** A source file to check: its path relative to the source root, and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** Every `.ts` file under a directory, relative to it (forward slashes), with its text. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) {
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(root);
  return files;
}

/** The imports among `files` (paths relative to src/) that the layer table forbids. */
export function checkLayers(files: readonly SourceFile[], layers: Readonly<Record<string, LayerRule>> = LAYERS): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const root = resolve('/src');
  for (const file of files) {
    const from = file.path.split('/')[0]!;
    const fromRule = file.path.includes('/') ? layers[from] : undefined;
    if (fromRule === undefined) {
      violations.push({
        file: file.path, line: 1, specifier: '',
        message: `${file.path} is not in a layer folder; put it under one of ${Object.keys(layers).join(', ')}, or add its folder to the layer table in DESIGN.md and in this test`,
      });
      continue;
    }
    for (const reference of scanImports(file.text)) {
      const problem = crossing(root, file.path, from, fromRule, reference, layers);
      if (problem) violations.push({ file: file.path, line: reference.line, specifier: reference.specifier, message: problem });
    }
  }
  return violations;
}

const KIND_NAMES: Record<ImportReference['kind'], string> = {
  'import': 'a static import',
  'export-from': 'a re-export',
  'side-effect': 'a side-effect import',
  'dynamic': 'a dynamic import()',
};

function crossing(root: string, path: string, from: string, rule: LayerRule, reference: ImportReference, layers: Readonly<Record<string, LayerRule>>): string | undefined {
  // Packages (`zod`, `@aws-sdk/client-ec2`, `node:fs`) are outside the table; only src/ folders count.
  if (!reference.specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(join(root, path)), reference.specifier);
  const where = `${path}:${reference.line}`;
  const targetPath = relative(root, target).split(sep).join('/');
  if (targetPath.startsWith('../') || targetPath === '..') {
    return `${where} imports '${reference.specifier}', outside src/; library code must not depend on tests, scripts or bench programs`;
  }
  const to = targetPath.split('/')[0]!;
  if (to === from || rule === 'anything') return undefined;
  if (!(to in layers) || !targetPath.includes('/')) {
    return `${where} imports '${reference.specifier}', which is not in a layer folder (${Object.keys(layers).join(', ')})`;
  }
  if (rule.includes(to)) return undefined;
  const allowed = rule.length > 0 ? rule.join(', ') : 'nothing else in src/';
  const kind = reference.typeOnly ? 'a type-only import (still a dependency)' : KIND_NAMES[reference.kind];
  return `${where} (layer ${from}) imports ${targetPath} (layer ${to}): ${kind} that DESIGN.md's layer table forbids; ${from} may import ${allowed}. Move the shared piece down a layer or talk over HTTP`;
}
