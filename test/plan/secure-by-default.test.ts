import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory } from '../../src/cloud/testing/sample-inventory.js';
import type { Finding } from '../../src/guard/decision.js';
import { BUILT_IN_RULES, checkCompliance } from '../../src/guard/compliance/index.js';
import { currentState } from '../../src/guard/compliance/projection.js';
import { DEFAULT_POLICY_FILE } from '../../src/guard/policy-file/index.js';
import { buildPlan } from '../../src/plan/builder.js';
import type { Intent } from '../../src/plan/intent.js';
import type { Plan } from '../../src/plan/plan.js';
import { REPRESENTATIVE_REQUESTS } from '../../src/plan/testing/representative-requests.js';
import { samplePlanContext } from '../../src/plan/testing/sample-context.js';

/*
 * What the planner builds passes the built-in compliance rules by itself: the user should not have to
 * ask for IMDSv2, encryption, rule descriptions or deletion protection.
 */

/** Findings a plan cannot avoid without doing something other than what was asked. */
const EXPECTED: Readonly<Record<string, string>> = {
  // AWS gives every new group an allow-all egress rule; taking it away would cut instances off from updates.
  'CIRRO-EC2-004': 'unrestricted egress on a new security group',
  // "allocate an Elastic IP" with no instance is a request for an unattached address.
  'CIRRO-EC2-009': 'an Elastic IP allocated for later',
};

/**
 * True when the resource broke the same rule before the plan touched it: the plan did not cause it
 * (closing one of two undescribed rules changes the finding's text, not who is to blame).
 */
function preExisting(finding: Finding): boolean {
  const before = currentState(sampleInventory());
  const view = finding.resource.id ? before.byId.get(finding.resource.id) : undefined;
  const rule = BUILT_IN_RULES.find((candidate) => candidate.id === finding.ruleId);
  if (!view || !rule || rule.kind !== view.kind) return false;
  return (rule.check as (view: unknown, state: typeof before) => string | undefined)(view, before) !== undefined;
}

describe('plans are secure by default', () => {
  for (const [type, intents] of Object.entries(REPRESENTATIVE_REQUESTS)) {
    for (const intent of intents as readonly Intent[]) {
      it(`${type}: ${JSON.stringify(intent).slice(0, 110)}`, () => {
        const outcome = buildPlan(intent, samplePlanContext());
        assert.equal(outcome.type, 'plan', JSON.stringify(outcome));
        const findings = checkCompliance((outcome as { plan: Plan }).plan, sampleInventory(), DEFAULT_POLICY_FILE);
        const unexpected = findings.filter((finding) => !(finding.ruleId in EXPECTED) && !preExisting(finding));
        assert.deepEqual(unexpected.map((finding) => `${finding.ruleId} ${finding.message}`), []);
      });
    }
  }
});
