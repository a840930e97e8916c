import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ask, type AskResult } from '../../src/agent/ask.js';
import { createBrain } from '../../src/agent/brains.js';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { studySuite } from '../../src/bench/suites/study.js';
import type { BenchTask } from '../../src/bench/task.js';
import { Gym } from '../../src/gym/gym.js';
import type { Plan, Step } from '../../src/plan/plan.js';
import { admin } from '../support/gym.js';
import { diffWorlds, readLiveWorld, type LiveWorld } from '../support/live-world.js';

/*
 * The fault-injection proof: for every provisioning and update task of the study suite, fail
 * each mutating step of its plan in turn (a non-transient error on exactly that call) and check that
 * Cirro rolls back and the world afterwards equals the world before: no orphaned instance, volume,
 * address, target, load balancer, listener, group or rule, and nothing it touched left changed.
 */

const TASKS = studySuite.tasks.filter((task) => task.taskClass === 'provisioning' || task.taskClass === 'update');
/** Simulated minutes to let the world settle (pending → running, draining targets gone) before reading it. */
const SETTLE_SECONDS = 20 * 60;
const WORKERS = 3;
const brain = createBrain();

/** What one task's runs found. */
interface TaskOutcome {
  readonly taskId: string;
  readonly runs: number;
  readonly orphans: readonly string[];
  /** Runs that did not roll back, resources gone or changed, faults that hit the wrong step. */
  readonly problems: readonly string[];
  /** Notes for the report: steps without an undo, irreversible steps before reversible ones. */
  readonly notes: readonly string[];
}

/** The error a step gets: a client error no retry will fix. */
function faultFor(step: Step, skip: number) {
  const code = step.call.service === 'ec2' ? 'InvalidParameterValue' : 'ValidationError';
  return { service: step.call.service, operation: step.call.operation, skip, count: 1, error: { code, message: `fault-rollback: ${step.id} fails on purpose`, status: 400 } };
}

function askFor(gym: Gym, request: string, extra: Partial<Parameters<typeof ask>[0]> = {}): Promise<AskResult> {
  return ask({ request, brain, modality: 'sdk', endpoint: gym.endpoint, region: 'us-east-1', gym: true, pollMs: [10, 100], ...extra });
}

async function settledWorld(gym: Gym, cloud: BenchCloud): Promise<LiveWorld> {
  await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: SETTLE_SECONDS });
  return readLiveWorld(cloud);
}

/** Notes on a plan's undo coverage: mutating steps with no inverse, and irreversible steps that come before reversible ones. */
function coverageNotes(task: BenchTask, plan: Plan): string[] {
  const mutating = plan.steps.filter((step) => step.effect !== 'read');
  const notes = mutating.filter((step) => !step.inverse && !step.irreversible).map((step) => `${task.id}: ${step.id} ${step.call.operation} (${step.action}) has no inverse`);
  for (const [index, step] of mutating.entries()) {
    const later = mutating.slice(index + 1).find((next) => next.inverse);
    if (step.irreversible && later) notes.push(`${task.id}: irreversible ${step.id} ${step.call.operation} comes before reversible ${later.id} ${later.call.operation}`);
  }
  return notes;
}

/** Sets the task's world up on a fresh gym, learns its plan by a dry run, then fails each mutating step in turn. */
async function exerciseTask(task: BenchTask): Promise<TaskOutcome> {
  const gym = await Gym.start({ port: 0, host: '127.0.0.1', speed: 600 });
  const cloud = benchCloud(gym.endpoint);
  const problems: string[] = [];
  const orphans: string[] = [];
  try {
    await task.setup?.(cloud);
    const before = await settledWorld(gym, cloud);
    await admin(gym, 'POST', '/_gym/snapshots', { name: 'setup' });
    const captured: { plan?: Plan } = {};
    // The plan itself (with its calls) reaches ask's renderer; the JSON result only lists the steps.
    const dry = await askFor(gym, task.phrasings[0]!, { dryRun: true, show: 'sdk', render: (made) => ((captured.plan = made), '') });
    const plan = captured.plan;
    if (!plan) return { taskId: task.id, runs: 0, orphans, problems: [`${task.id}: the dry run made no plan (${dry.decision}: ${dry.reason ?? dry.text})`], notes: [] };
    const mutating = plan.steps.filter((step) => step.effect !== 'read');
    for (const [k, step] of mutating.entries()) {
      await admin(gym, 'POST', '/_gym/snapshots/setup/restore');
      await admin(gym, 'DELETE', '/_gym/faults');
      const skip = mutating.slice(0, k).filter((earlier) => earlier.call.service === step.call.service && earlier.call.operation === step.call.operation).length;
      await admin(gym, 'POST', '/_gym/faults', faultFor(step, skip));
      const label = `${task.id} failing ${step.id} ${step.call.operation}`;
      const result = await askFor(gym, task.phrasings[0]!, { yes: true });
      await admin(gym, 'DELETE', '/_gym/faults');
      const expected = k === 0 ? 'failed' : 'rolled-back';
      if (result.outcome.status !== expected) problems.push(`${label}: outcome ${result.outcome.status}, expected ${expected} (${lastLines(result.text)})`);
      if (!result.reason?.includes(`Step ${step.id} (`)) problems.push(`${label}: the failure was not at ${step.id}: ${result.reason ?? result.decision}`);
      const diff = diffWorlds(before, await settledWorld(gym, cloud));
      orphans.push(...diff.orphans.map((orphan) => `${label}: orphan ${orphan}`));
      problems.push(...diff.gone.map((gone) => `${label}: gone ${gone}`), ...diff.changed.map((changed) => `${label}: changed ${changed}`));
    }
    return { taskId: task.id, runs: mutating.length, orphans, problems, notes: coverageNotes(task, plan) };
  } catch (error) {
    return { taskId: task.id, runs: 0, orphans, problems: [...problems, `${task.id}: crashed: ${(error as Error).stack ?? String(error)}`], notes: [] };
  } finally {
    cloud.ec2.destroy();
    cloud.elbv2.destroy();
    await gym.stop();
  }
}

/** Runs every task, a few at a time (each on its own gym). */
async function exerciseAll(tasks: readonly BenchTask[]): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = [];
  const queue = [...tasks];
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) outcomes.push(await exerciseTask(task));
  }));
  return outcomes.sort((a, b) => TASKS.findIndex((task) => task.id === a.taskId) - TASKS.findIndex((task) => task.id === b.taskId));
}

function lastLines(text: string): string {
  return text.split('\n').filter(Boolean).slice(-3).join(' / ');
}

function report(context: TestContext, outcomes: readonly TaskOutcome[]): void {
  const runs = outcomes.reduce((sum, outcome) => sum + outcome.runs, 0);
  const orphans = outcomes.reduce((sum, outcome) => sum + outcome.orphans.length, 0);
  const problems = outcomes.reduce((sum, outcome) => sum + outcome.problems.length, 0);
  context.diagnostic(`fault-rollback: ${runs} runs over ${outcomes.length} tasks; ${orphans} orphans; ${problems} other problems`);
  for (const outcome of outcomes) context.diagnostic(`  ${outcome.taskId}: ${outcome.runs} runs, ${outcome.orphans.length} orphans, ${outcome.problems.length} problems`);
  for (const note of outcomes.flatMap((outcome) => outcome.notes)) context.diagnostic(`  note: ${note}`);
}

describe('fault injection: every mutating step of the study tasks fails in turn', () => {
  it('rolls back each run and leaves the world as it was', { timeout: 10 * 60 * 1000 }, async (context) => {
    const outcomes = await exerciseAll(TASKS);
    report(context, outcomes);
    const runs = outcomes.reduce((sum, outcome) => sum + outcome.runs, 0);
    assert.ok(runs >= TASKS.length, `expected at least one run per task, got ${runs}`);
    const orphans = outcomes.flatMap((outcome) => outcome.orphans);
    const problems = outcomes.flatMap((outcome) => outcome.problems);
    assert.deepEqual([...problems, ...orphans].slice(0, 40), [], `${problems.length} problems and ${orphans.length} orphans (first 40 shown)`);
  });
});
