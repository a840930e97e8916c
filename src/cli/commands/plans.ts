import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cirroHome } from '../cirro-home.js';

const HELP = `Usage: cirro plans [--json]
       cirro approve <plan-id> [--json]
       cirro reject <plan-id>

Plans that need approval and were not approved on the spot (no terminal, no --yes) are saved with an id.

  plans     list them: id, age, risk, why they need approval, and the request
  approve   re-read the cloud; if anything the plan touches changed since it was made, refuse;
            otherwise check it again under today's policies and run it (rolled back if a step fails)
  reject    drop it; nothing runs

Pending plans expire after 24 hours. Exit codes as for 'cirro ask'.
`;

/** `cirro plans`, `cirro approve <id>`, `cirro reject <id>`. */
export async function runPlansCommand(command: string, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`cirro ${command}: ${(error as Error).message}. Run 'cirro plans --help' for the options.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { listPendingPlans, loadPendingPlan, removePendingPlan } = await import('../../guard/pending-plans.js');
  const directory = join(cirroHome(), 'plans');
  if (command === 'plans') {
    if (positionals.length > 0) {
      process.stderr.write(`cirro plans takes no arguments (got ${positionals.join(' ')}); to act on one, run 'cirro approve <id>' or 'cirro reject <id>'\n`);
      return 2;
    }
    const { plans, damaged } = listPendingPlans(directory);
    if (values.json) process.stdout.write(`${JSON.stringify(plans.map((plan) => ({ id: plan.id, createdAt: plan.createdAt, expiresAt: plan.expiresAt, request: plan.request, summary: plan.plan.summary, risk: plan.risk, reason: plan.reason, decidedBy: plan.decidedBy, role: plan.role, endpoint: plan.endpoint ?? 'aws', steps: plan.plan.steps.length })))}\n`);
    else if (plans.length === 0) process.stdout.write('No plans are waiting for approval.\n');
    else {
      for (const plan of plans) {
        const expired = Date.parse(plan.expiresAt) < Date.now() ? ' (expired)' : '';
        process.stdout.write(`${plan.id}  ${plan.createdAt}${expired}  risk ${plan.risk}  ${plan.plan.summary}\n    request: ${plan.request}\n    needs approval: ${plan.reason}\n    on ${plan.endpoint ?? 'AWS'} (${plan.region}) as ${plan.role}\n`);
      }
      process.stdout.write(`Approve one with 'cirro approve <id>', or drop it with 'cirro reject <id>'.\n`);
    }
    for (const problem of damaged) process.stderr.write(`warning: ${problem}\n`);
    return 0;
  }
  const id = positionals[0];
  if (!id || positionals.length > 1) {
    process.stderr.write(`cirro ${command}: name exactly one plan id, e.g. cirro ${command} plan-1a2b3c4d ('cirro plans' lists them)\n`);
    return 2;
  }
  const loaded = loadPendingPlan(directory, id);
  if (!loaded.ok) {
    process.stderr.write(`cirro ${command}: ${loaded.error}\n`);
    return 2;
  }
  if (command === 'reject') {
    const { openAuditLog } = await import('../../guard/audit/index.js');
    removePendingPlan(directory, id);
    openAuditLog(join(cirroHome(), 'audit')).append({ type: 'rejection', actor: 'user (cirro reject)', planId: id, data: { request: loaded.value.request, summary: loaded.value.plan.summary } });
    process.stdout.write(`Rejected ${id}: ${loaded.value.plan.summary}. Nothing was changed.\n`);
    return 0;
  }
  return approve(loaded.value, values.json === true, directory);
}

async function approve(pending: import('../../guard/pending-plans.js').PendingPlan, json: boolean, directory: string): Promise<number> {
  const [{ openGuardedSession }, { approvePending }, { removePendingPlan }, { renderGraphAnswer }] = await Promise.all([
    import('../guarded-session.js'), import('../../agent/approve.js'), import('../../guard/pending-plans.js'), import('../../agent/graph-answer.js'),
  ]);
  const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const opened = await openGuardedSession({ endpoint: pending.endpoint ?? 'aws', role: pending.role, say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro approve: ${opened.error}\n`);
    return opened.exitCode;
  }
  const session = opened.value;
  let result;
  try {
    result = await approvePending(pending, {
      endpoint: session.endpoint, upstreamEndpoint: session.upstream, credentials: session.credentials, guard: session.guard, audit: session.audit,
      gateway: { bindPlan: session.bindPlan }, locksDirectory: session.locksDirectory, region: pending.region, gym: session.gym,
      onLine: say, graph: renderGraphAnswer,
    });
  } finally {
    await session.close();
  }
  // A pending plan is tried once: after it ran, failed, or was refused as stale, it cannot be approved again.
  if (result.exitCode !== 1 || result.outcome.status !== 'not-run') removePendingPlan(directory, pending.id);
  if (json) {
    const { exitCode: _exitCode, ...body } = result;
    process.stdout.write(`${JSON.stringify(body)}\n`);
  }
  return result.exitCode;
}
