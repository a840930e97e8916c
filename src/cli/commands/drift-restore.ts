import { createInterface } from 'node:readline/promises';
import type { Interaction } from '../../agent/ask.js';
import type { PolicyFile } from '../../guard/policy-file/index.js';
import type { DriftFinding, DriftReport } from '../../ops/drift/index.js';
import { openGuardedSession } from '../guarded-session.js';

/** What `cirro drift --restore` was asked. */
export interface RestoreFlags {
  readonly stacks: string[] | undefined;
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
  readonly json: boolean;
  readonly yes: boolean;
  readonly dryRun: boolean;
  /** 1-based numbers of the findings to restore, as `cirro drift` lists them; all when absent. */
  readonly findings: number[] | undefined;
}

/** Exit codes of `cirro drift --restore`. */
const EXIT = { restored: 0, notRestored: 1, refused: 2, notRun: 3 } as const;

/**
 * `cirro drift --restore`: detects drift, plans setting the chosen findings back to the code, runs the
 * plan through the guard, approval, gateway, runner and verification as `cirro ask` would, and detects
 * again to say whether the stacks are back in sync. Exit 0 restored, 1 not restored (failed, or drift
 * remains), 2 bad --finding or refused by the guard, 3 not run (needs approval) or the cloud could not be checked.
 */
export async function runDriftRestore(flags: RestoreFlags, policy: PolicyFile): Promise<number> {
  const say = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
  const opened = await openGuardedSession({ endpoint: flags.endpoint, say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro drift: ${opened.error}\n`);
    return opened.exitCode === 2 ? 2 : 3;
  }
  const session = opened.value;
  try {
    const [{ createCloudClients }, { readInventory }, drift, { runPlanGuarded }] = await Promise.all([
      import('../../cloud/clients.js'), import('../../cloud/read-inventory.js'), import('../../ops/drift/index.js'), import('../../agent/run-plan.js'),
    ]);
    const clients = createCloudClients({ endpoint: session.endpoint, region: flags.region, credentials: session.credentials, ...(session.gym ? { gym: true } : {}) });
    const detect = async () => {
      const inventory = await readInventory(clients);
      return { inventory, report: await drift.driftReport(clients, inventory, { ...(flags.stacks ? { stacks: flags.stacks } : {}), policy: policy.drift }) };
    };
    let before;
    try {
      before = await detect();
    } catch (error) {
      process.stderr.write(`cirro drift: could not read the cloud: ${(error as Error).message}\n`);
      return EXIT.notRun;
    }
    const chosen = chooseFindings(before.report, flags.findings);
    if (typeof chosen === 'string') {
      process.stderr.write(`cirro drift: ${chosen}\n`);
      return EXIT.refused;
    }
    const restore = drift.restorePlan(chosen, await drift.readRestoreContext(clients, before.inventory, chosen));
    for (const { finding, why } of restore.left) say(`not restored: ${describe(before.report, finding)}: ${why}`);
    if (!restore.plan) {
      say(chosen.length === 0 ? 'Nothing to restore: the cloud matches the code.' : 'Nothing a plan can restore; see above.');
      if (flags.json) printJson({ before: before.report, restore: null, left: restore.left, after: null });
      return chosen.some((finding) => finding.kind !== 'unmanaged') ? EXIT.notRestored : EXIT.restored;
    }
    const result = await runPlanGuarded(restore.plan, {
      request: `cirro drift --restore (${restore.restored.map((finding) => describe(before.report, finding)).join('; ')})`,
      inventory: before.inventory, endpoint: session.endpoint, upstreamEndpoint: session.upstream, credentials: session.credentials, guard: session.guard, audit: session.audit,
      gateway: { bindPlan: session.bindPlan }, locksDirectory: session.locksDirectory, region: flags.region, gym: session.gym, yes: flags.yes, dryRun: flags.dryRun,
      ...(!flags.json && process.stdin.isTTY === true && process.stdout.isTTY === true ? { interaction: terminalConfirm() } : {}),
      onLine: say,
    });
    const { exitCode, ...outcome } = result;
    if (result.decision !== 'executed') {
      if (flags.json) printJson({ before: before.report, restore: outcome, left: restore.left, after: null });
      if (result.decision === 'refused' && exitCode === 2) return EXIT.refused;
      return result.decision === 'needs-approval' ? EXIT.notRun : EXIT.notRestored;
    }
    const after = await detect();
    const remaining = restore.restored.filter((finding) => after.report.findings.some((again) => sameFinding(again, finding)));
    for (const stack of after.report.stacks) say(`stack ${stack.name}: ${stack.status}${stack.problem ? ` (${stack.problem})` : ''}`);
    for (const finding of remaining) say(`still drifted: ${describe(after.report, finding)}`);
    for (const finding of after.report.findings.filter((candidate) => candidate.kind === 'unmanaged')) say(`still unmanaged (not the code's to restore): ${describe(after.report, finding)}`);
    if (flags.json) printJson({ before: before.report, restore: outcome, left: restore.left, after: after.report });
    return exitCode === 0 && remaining.length === 0 ? EXIT.restored : EXIT.notRestored;
  } finally {
    await session.close();
  }
}

/** The findings --finding names (1-based, in the report's order), or all; a clear error for a number the report lacks. */
function chooseFindings(report: DriftReport, numbers: readonly number[] | undefined): DriftFinding[] | string {
  if (numbers === undefined) return [...report.findings];
  const count = report.findings.length;
  const unknown = numbers.filter((number) => number < 1 || number > count);
  if (unknown.length > 0) {
    return `--finding ${unknown.join(', ')}: the report has ${count === 0 ? 'no findings' : `findings 1 to ${count}`} (run cirro drift to see them numbered); nothing was changed`;
  }
  return [...new Set(numbers)].map((number) => report.findings[number - 1]!);
}

function sameFinding(a: DriftFinding, b: DriftFinding): boolean {
  return a.kind === b.kind && a.stack === b.stack && a.logicalId === b.logicalId && (a.property ?? '') === (b.property ?? '') && (a.kind !== 'unmanaged' || a.physicalId === b.physicalId);
}

/** "[2] web Web /InstanceType (t3.micro → t3.large)" */
function describe(report: DriftReport, finding: DriftFinding): string {
  const index = report.findings.indexOf(finding);
  const number = index >= 0 ? `[${index + 1}] ` : '';
  const where = finding.stack ? `${finding.stack} ${finding.logicalId}` : `${finding.resourceType} ${finding.physicalId}${finding.name ? ` (${finding.name})` : ''}`;
  const what = finding.kind === 'modified' ? ` ${finding.property} (${finding.expected} → ${finding.actual})` : finding.kind === 'deleted' ? ' deleted' : '';
  return `${number}${where}${what}`;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function terminalConfirm(): Interaction {
  return {
    async confirm(question: string) {
      const reader = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await reader.question(`${question} [y/N] `)).trim());
      } finally {
        reader.close();
      }
    },
    choose: async () => undefined,
    ask: async () => '',
  };
}
