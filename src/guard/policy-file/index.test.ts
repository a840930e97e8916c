import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_FILE, loadPolicyFile, parsePolicyFile, type PolicyFileResult } from './index.js';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A fresh project directory with the given files (paths relative to it). */
function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cirro-policy-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function errorOf(result: PolicyFileResult): string {
  assert.equal(result.ok, false, 'expected the policy file to be refused');
  return result.ok ? '' : result.error;
}

function valueOf(result: PolicyFileResult) {
  if (!result.ok) assert.fail(result.error);
  return result.value;
}

const FULL = `# the payments team's rules
role: deployer
roles:
  deployer: |
    permit(principal in Cirro::Role::"deployer", action, resource);
policies: |
  forbid(principal, action == Cirro::Action::"delete", resource) when { resource.tags.team == "payments" };
rules:
  - id: TEAM-001
    severity: high
    kind: instance
    when:
      instanceType: { in: [m5.24xlarge, x2iedn.32xlarge] }
      tags.env: prod
    message: "{resource} is an instance type the team has not budgeted for"
    fix: pick an m5.xlarge or smaller
overrides:
  - rule: CIRRO-EC2-005
    severity: medium
  - ruleId: CIRRO-ELB-001
    disabled: true
waivers:
  - rule: CIRRO-EC2-001
    resource: bastion-sg
    reason: the bastion is SSH's only way in, and its address range is enforced upstream (SEC-142)
approval: high
`;

describe('loadPolicyFile', () => {
  it('falls back to the built-in policy when no directory up to the root has a policy file', () => {
    const root = project({ 'src/app.ts': '' });
    assert.deepEqual(valueOf(loadPolicyFile(join(root, 'src'))), DEFAULT_POLICY_FILE);
    assert.deepEqual([DEFAULT_POLICY_FILE.path, DEFAULT_POLICY_FILE.role, DEFAULT_POLICY_FILE.approvalFrom], [undefined, undefined, 'medium']);
  });

  it('finds the file in a parent directory, prefers .yaml to .yml, and stops at the nearest one', () => {
    const root = project({
      '.cirro/policy.yaml': 'approval: high\n',
      '.cirro/policy.yml': 'approval: low\n',
      'services/api/.cirro/policy.yml': 'approval: low\n',
      'services/web/src/index.ts': '',
    });
    const fromWeb = valueOf(loadPolicyFile(join(root, 'services/web/src')));
    assert.deepEqual([fromWeb.path, fromWeb.approvalFrom], [join(root, '.cirro/policy.yaml'), 'high']);
    const fromApi = valueOf(loadPolicyFile(join(root, 'services/api')));
    assert.deepEqual([fromApi.path, fromApi.approvalFrom], [join(root, 'services/api/.cirro/policy.yml'), 'low']);
  });

  it('reads every section: role, roles, policies, rules, overrides, waivers and the approval level', () => {
    const root = project({ '.cirro/policy.yaml': FULL });
    const policy = valueOf(loadPolicyFile(root));
    assert.equal(policy.role, 'deployer');
    assert.match(policy.roles['deployer'] ?? '', /principal in Cirro::Role::"deployer"/);
    assert.match(policy.policies ?? '', /^forbid/);
    assert.deepEqual(policy.rules, [{
      id: 'TEAM-001', severity: 'high', kind: 'instance',
      when: { instanceType: { in: ['m5.24xlarge', 'x2iedn.32xlarge'] }, 'tags.env': 'prod' },
      message: '{resource} is an instance type the team has not budgeted for', fix: 'pick an m5.xlarge or smaller',
    }]);
    assert.deepEqual(policy.overrides, [{ ruleId: 'CIRRO-EC2-005', severity: 'medium' }, { ruleId: 'CIRRO-ELB-001', disabled: true }]);
    assert.deepEqual(policy.waivers, [{ ruleId: 'CIRRO-EC2-001', resource: 'bastion-sg', reason: 'the bastion is SSH\'s only way in, and its address range is enforced upstream (SEC-142)' }]);
    assert.equal(policy.approvalFrom, 'high');
  });

  it('refuses a file it cannot read, naming the file', () => {
    const root = project();
    mkdirSync(join(root, '.cirro/policy.yaml'), { recursive: true });
    assert.match(errorOf(loadPolicyFile(root)), new RegExp(`^${join(root, '.cirro/policy.yaml').replace(/[.]/g, '\\.')}: cannot be read \\(EISDIR\\)`));
  });
});

describe('parsePolicyFile errors name the file, the line and key, and the fix', () => {
  it('refuses YAML that does not parse, with its line', () => {
    assert.match(errorOf(parsePolicyFile('approval: high\nrules: [\n', 'p.yaml')), /^p\.yaml line \d: not valid YAML \(.+\); fix the syntax there$/);
  });

  it('refuses unknown keys and suggests the key meant', () => {
    const error = errorOf(parsePolicyFile('approval: high\npolices: |\n  forbid(principal, action, resource);\n', 'p.yaml'));
    assert.equal(error, 'p.yaml line 2, polices: polices is not a key here (did you mean policies?); the keys here are role, roles, policies, rules, overrides, waivers, approval, drift');
    const nested = errorOf(parsePolicyFile('waivers:\n  - rule: CIRRO-EC2-001\n    resource: bastion-sg\n    reason: audited\n    expires: 2027-01-01\n', 'p.yaml'));
    assert.match(nested, /^p\.yaml line 5, waivers\[0\]\.expires: expires is not a key here; the keys here are rule, resource, reason$/);
  });

  it('names a bad value and what would be right', () => {
    const error = errorOf(parsePolicyFile('rules:\n  - id: TEAM-1\n    severity: urgent\n    kind: instanse\n    when: { state: running }\n    message: m\n    fix: f\n', 'p.yaml'));
    assert.deepEqual(error.split('\n'), [
      'p.yaml line 3, rules[0].severity: use one of critical, high, medium, low (found text "urgent")',
      'p.yaml line 4, rules[0].kind: use one of the kinds vpc, subnet, internet-gateway, route-table, security-group, key-pair, instance, volume, elastic-ip, load-balancer, target-group, listener (found text "instanse") (did you mean instance?)',
    ]);
  });

  it('refuses a condition it cannot evaluate and a regular expression that does not compile', () => {
    const rule = (when: string) => `rules:\n  - id: TEAM-1\n    severity: low\n    kind: instance\n    when:\n      ${when}\n    message: m\n    fix: f\n`;
    assert.match(errorOf(parsePolicyFile(rule('instanceType: { bigger: t3.micro }'), 'p.yaml')), /line 6, rules\[0\]\.when\.instanceType: this is not a condition; write a value .*\{ in: \[\.\.\.\] \}/);
    assert.match(errorOf(parsePolicyFile(rule('name: { matches: "web-(" }'), 'p.yaml')), /line 6, rules\[0\]\.when\.name: "web-\(" is not a valid regular expression .*; fix the pattern$/);
  });

  it('refuses a condition on a field the kind does not have, which would never match', () => {
    const error = errorOf(parsePolicyFile('rules:\n  - id: TEAM-1\n    severity: low\n    kind: instance\n    when:\n      tags.env: prod\n      instanceTyp: { in: [m5.24xlarge] }\n    message: m\n    fix: f\n', 'p.yaml'));
    assert.match(error, /^p\.yaml line 7, rules\[0\]\.when\.instanceTyp: instanceTyp is not a field of instance resources \(did you mean instanceType\?\), so the rule would never match; the fields are kind, id, name, tags, state, instanceType, /);
  });

  it('refuses a custom rule that takes a built-in id or repeats one', () => {
    const rule = (id: string) => `  - id: ${id}\n    severity: low\n    kind: instance\n    when: { state: running }\n    message: m\n    fix: f\n`;
    assert.match(errorOf(parsePolicyFile(`rules:\n${rule('CIRRO-EC2-001')}`, 'p.yaml')), /^p\.yaml line 2, rules\[0\]\.id: CIRRO-EC2-001 is a built-in rule; give your rule its own id/);
    assert.match(errorOf(parsePolicyFile(`rules:\n${rule('TEAM-1')}${rule('TEAM-1')}`, 'p.yaml')), /line 8, rules\[1\]\.id: TEAM-1 is the id of an earlier rule too/);
  });

  it('refuses an override or waiver of a rule that does not exist, suggesting the near one', () => {
    const error = errorOf(parsePolicyFile('overrides:\n  - rule: CIRRO-EC2-01\n    severity: low\n', 'p.yaml'));
    assert.match(error, /^p\.yaml line 2, overrides\[0\]\.rule: CIRRO-EC2-01 is not a rule \(did you mean CIRRO-EC2-001 or .*\?\); the rules are CIRRO-EC2-001, /);
    const waiver = errorOf(parsePolicyFile('waivers:\n  - rule: TEAM-9\n    resource: web-1\n    reason: r\n', 'p.yaml'));
    assert.match(waiver, /waivers\[0\]\.rule: TEAM-9 is not a rule/);
    assert.equal(valueOf(parsePolicyFile(`rules:\n  - id: TEAM-9\n    severity: low\n    kind: volume\n    when: { encrypted: false }\n    message: m\n    fix: f\nwaivers:\n  - rule: TEAM-9\n    resource: logs\n    reason: scratch data\n`, 'p.yaml')).waivers.length, 1);
  });

  it('requires an override to change something and a waiver to give its reason', () => {
    assert.match(errorOf(parsePolicyFile('overrides:\n  - rule: CIRRO-EC2-004\n', 'p.yaml')), /line 2, overrides\[0\]: say what to change: severity: <critical\|high\|medium\|low>, or disabled: true/);
    const blank = errorOf(parsePolicyFile('waivers:\n  - rule: CIRRO-EC2-001\n    resource: bastion-sg\n    reason: "   "\n', 'p.yaml'));
    assert.match(blank, /^p\.yaml line 4, waivers\[0\]\.reason: write the reason the rule does not apply to this resource \(it is recorded in the audit log\); it cannot be empty/);
    assert.match(errorOf(parsePolicyFile('waivers:\n  - rule: CIRRO-EC2-001\n    resource: bastion-sg\n', 'p.yaml')), /waivers\[0\]\.reason: write the reason/);
  });

  it('refuses to disable or lower a critical built-in rule for everything, pointing to a waiver', () => {
    const disabled = errorOf(parsePolicyFile('overrides:\n  - rule: CIRRO-EC2-001\n    disabled: true\n', 'p.yaml'));
    assert.match(disabled, /line 2, overrides\[0\]: CIRRO-EC2-001 is critical and cannot be disabled for every resource; waive it for the one resource that needs it, with a reason, under waivers:/);
    assert.match(errorOf(parsePolicyFile('overrides:\n  - rule: CIRRO-EC2-002\n    severity: low\n', 'p.yaml')), /CIRRO-EC2-002 is critical and cannot be lowered to low/);
    assert.equal(valueOf(parsePolicyFile('overrides:\n  - rule: CIRRO-EC2-005\n    severity: critical\n', 'p.yaml')).overrides.length, 1, 'raising a rule is fine');
  });

  it('requires role names to be identifiers that do not shadow the built-in roles, and the role to exist', () => {
    const permit = 'permit(principal, action, resource);';
    assert.match(errorOf(parsePolicyFile(`roles:\n  ci-deployer: "${permit}"\n`, 'p.yaml')), /line 2, roles\.ci-deployer: "ci-deployer" is not a role name; use letters, digits and _/);
    assert.match(errorOf(parsePolicyFile(`roles:\n  Admin: "${permit}"\n`, 'p.yaml')), /line 2, roles\.Admin: Admin is a built-in role \(reader, operator, admin\) and cannot be redefined/);
    assert.match(errorOf(parsePolicyFile('role: operatr\n', 'p.yaml')), /^p\.yaml line 1, role: operatr is not a role \(did you mean operator\?\); use reader, operator, admin, or define it under roles:$/);
    assert.equal(valueOf(parsePolicyFile(`role: deployer\nroles:\n  deployer: "${permit}"\n`, 'p.yaml')).role, 'deployer');
  });

  it('accepts the example in docs/policy-file.md as it is written', () => {
    // The compiled test runs from <dist>/src/guard/policy-file/; the docs are at the repository root.
    const doc = readFileSync(new URL('../../../../docs/policy-file.md', import.meta.url), 'utf8');
    const example = doc.split('```yaml\n')[1]?.split('```')[0] ?? '';
    const policy = valueOf(parsePolicyFile(example, 'docs/policy-file.md'));
    assert.deepEqual([policy.role, policy.rules.length, policy.overrides.length, policy.waivers.length], ['deployer', 1, 2, 1]);
    assert.deepEqual([policy.drift.ignore.length, policy.drift.baseline.length], [1, 1]);
  });

  it('reads drift ignore rules and accepted baselines, each with its reason', () => {
    const policy = valueOf(parsePolicyFile([
      'drift:', '  ignore:', '    - type: AWS::EC2::Instance', '      property: /Tags', '      reason: the cost tool tags instances',
      '  baseline:', '    - stack: web', '      resource: Web', '      property: /InstanceType', '      actual: t3.large', '      reason: resized for the sale (OPS-7)', '',
    ].join('\n'), 'p.yaml'));
    assert.deepEqual(policy.drift, {
      ignore: [{ type: 'AWS::EC2::Instance', property: '/Tags', reason: 'the cost tool tags instances' }],
      baseline: [{ stack: 'web', resource: 'Web', property: '/InstanceType', actual: 't3.large', reason: 'resized for the sale (OPS-7)' }],
    });
  });
  it('refuses drift rules that would hide everything, lack a reason, or misspell a key or path', () => {
    assert.match(errorOf(parsePolicyFile('drift:\n  ignore:\n    - reason: noisy\n', 'p.yaml')), /^p\.yaml line 3, drift\.ignore\[0\]: say what to ignore with stack:, resource:, type: or property:; a rule with none would hide every finding$/);
    assert.match(errorOf(parsePolicyFile('drift:\n  ignore:\n    - type: AWS::EC2::Instance\n', 'p.yaml')), /drift\.ignore\[0\]\.reason: write the reason this drift is not a problem/);
    assert.equal(errorOf(parsePolicyFile('drift:\n  ignore:\n    - typ: AWS::EC2::Instance\n      reason: r\n', 'p.yaml')).split('\n')[0],
      'p.yaml line 3, drift.ignore[0].typ: typ is not a key here (did you mean type?); the keys here are stack, resource, type, property, reason');
    assert.match(errorOf(parsePolicyFile('drift:\n  ignore:\n    - property: Tags\n      reason: r\n', 'p.yaml')), /line 3, drift\.ignore\[0\]\.property: write the property path as CloudFormation reports it, starting with \//);
    assert.match(errorOf(parsePolicyFile('drift:\n  baseline:\n    - stack: web\n      resource: Web\n      property: /InstanceType\n      reason: r\n', 'p.yaml')), /drift\.baseline\[0\]\.actual: write the value the cloud has now/);
    assert.match(errorOf(parsePolicyFile('drift:\n  baselines: []\n', 'p.yaml')), /line 2, drift\.baselines: baselines is not a key here \(did you mean baseline\?\); the keys here are ignore, baseline/);
  });
  it('takes an empty file as the defaults, with its path', () => {
    assert.deepEqual(valueOf(parsePolicyFile('# nothing yet\n', 'p.yaml')), { ...DEFAULT_POLICY_FILE, path: 'p.yaml' });
  });
});
