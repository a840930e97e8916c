import type { TestContext } from 'node:test';

/**
 * Decides what a test does when an external tool is missing: under CI it fails loudly (CI installs
 * the tool, so absence is a broken setup); elsewhere it skips and says how to install it.
 */
export function requireTool(context: TestContext, available: boolean, name: string, install: string): boolean {
  if (available) return true;
  if (process.env['CI'] === 'true') throw new Error(`${name} is required under CI but was not found; ${install}`);
  context.skip(`${name} not found; ${install}`);
  return false;
}
