import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CirroRun } from '../e2e/cirro-process.js';
import {
  CASE_CONCURRENCY, askIn, buildEstate, cirroIn, cloudFingerprint, newCaseHome, shown, startRedteamGym,
  type CaseHome, type RedteamGym,
} from './redteam-world.js';

/*
 * Red team: bad input of every kind. Each case exits 2 (not understood, refused, or a usage error),
 * says what is wrong and how to put it right, prints no stack trace, and changes nothing.
 */

/** One bad input: how to run it, and what its message must say (the problem, then the fix). */
interface BadInput {
  readonly name: string;
  readonly run: (endpoint: string) => Promise<CirroRun>;
  /** Where the message is: --json runs answer in the JSON's text, usage errors on stderr. */
  readonly says: readonly RegExp[];
  readonly status?: number;
  /** A known product gap: the case runs and reports, but does not fail the suite until it is fixed. */
  readonly todo?: string;
}

const ask = (where: CaseHome, ...args: string[]) => (endpoint: string) => askIn(where, endpoint, args[0]!, ...args.slice(1));
const cirro = (where: CaseHome, ...args: string[]) => (endpoint: string) => cirroIn(where, args.map((arg) => arg.replace('{endpoint}', endpoint)));
const fresh = () => newCaseHome();

const CASES: readonly BadInput[] = [
  // Names that match nothing: say which, and offer the near matches.
  { name: 'an unknown instance name ("stop web-9")', run: ask(fresh(), 'stop web-9', '--yes'), says: [/web-9/, /web-1|web-2|web-3/] },
  { name: 'a misspelt instance name ("terminate db-11")', run: ask(fresh(), 'terminate db-11', '--yes'), says: [/db-11/, /db-1\b/] },
  {
    name: 'an unknown security group ("open port 443 on web-sgg")', run: ask(fresh(), 'open port 443 on web-sgg', '--yes'), says: [/web-sgg/, /web-sg\b/],
  },
  // Malformed CIDRs: name the bad block and show a good one.
  { name: 'a CIDR with an octet over 255', run: ask(fresh(), 'allow port 80 from 10.0.0.300/8 to web-sg', '--yes'), says: [/10\.0\.0\.300\/8/, /not a valid CIDR/, /expected something like/] },
  { name: 'a CIDR with a /33 prefix', run: ask(fresh(), 'allow port 80 from 10.0.0.0/33 to web-sg', '--yes'), says: [/10\.0\.0\.0\/33/, /not a valid CIDR/, /expected something like/] },
  // Nonsense, empty and overlong requests.
  { name: 'nonsense ("make the cloud happier")', run: ask(fresh(), 'make the cloud happier', '--yes'), says: [/could not understand/i, /what I can do/i] },
  { name: 'an empty request', run: cirro(fresh(), 'ask', '', '--endpoint', '{endpoint}', '--yes'), says: [/say what you want/, /cirro ask "/] },
  { name: 'a request of only spaces', run: cirro(fresh(), 'ask', '   ', '--endpoint', '{endpoint}', '--yes'), says: [/say what you want/] },
  { name: 'an overlong request', run: cirro(fresh(), 'ask', `terminate ${'web-1 and '.repeat(250)}web-2`, '--endpoint', '{endpoint}', '--yes'), says: [/characters long/, /under 2000/] },
  // Bad flags.
  { name: "--role 'x y'", run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', '{endpoint}', '--role', 'x y', '--yes'), says: [/--role x y is not a role name/, /reader, operator, admin/] },
  { name: '--endpoint not-a-url', run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', 'not-a-url', '--yes'), says: [/--endpoint not-a-url is not a URL/, /http:\/\/host:port/] },
  { name: '--role together with --read-only', run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', '{endpoint}', '--role', 'admin', '--read-only', '--yes'), says: [/--role admin and --read-only/, /pick one/] },
  { name: 'an unknown flag (--force)', run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', '{endpoint}', '--force'), says: [/--force/, /cirro ask --help/] },
  { name: '--modality fast', run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', '{endpoint}', '--modality', 'fast'), says: [/--modality fast/, /auto, sdk, cli/] },
  { name: 'an unknown role (--role superuser)', run: cirro(fresh(), 'ask', 'stop web-1', '--endpoint', '{endpoint}', '--role', 'superuser', '--yes'), says: [/superuser/, /reader, operator, admin/, /policy\.yaml/] },
  { name: 'CIRRO_ROLE naming an unknown role', run: (endpoint) => cirroIn(fresh(), ['ask', 'stop web-1', '--endpoint', endpoint, '--yes'], { CIRRO_ROLE: 'root' }), says: [/root/, /CIRRO_ROLE/, /reader, operator, admin/] },
  // Broken project policy files: name the file and the problem.
  { name: 'a policy file with a YAML syntax error', run: ask(newCaseHome('waivers:\n  - rule: CIRRO-EC2-001\n    reason: "unterminated\n  resource: [web-sg\n'), 'stop web-1', '--yes'), says: [/policy\.yaml line \d+/, /not valid YAML/, /fix the syntax/] },
  { name: 'a policy file with an unknown key', run: ask(newCaseHome('waiverz:\n  - rule: CIRRO-EC2-001\n'), 'stop web-1', '--yes'), says: [/policy\.yaml line 1/, /waiverz is not a key/, /did you mean waivers/] },
  { name: 'a policy file with a waiver without a reason', run: ask(newCaseHome('waivers:\n  - rule: CIRRO-EC2-001\n    resource: web-sg\n'), 'open port 22 on web-sg to the world', '--yes'), says: [/policy\.yaml line \d+/, /waivers\[0\]\.reason/, /recorded in the audit log/] },
  { name: 'a policy file whose role is unknown', run: ask(newCaseHome('role: superuser\n'), 'stop web-1', '--yes'), says: [/superuser/, /reader, operator, admin/] },
  { name: 'a policy file with a Cedar syntax error', run: ask(newCaseHome('policies: |\n  forbid (principal, action, resource) when { resource.tags == };\n'), 'stop web-1', '--yes'), says: [/policy\.yaml/, /line \d+, column \d+/, /unexpected token/] },
  // Project roles that try to reach beyond themselves.
  { name: 'a policy file that redefines the admin role', run: ask(newCaseHome('roles:\n  admin: |\n    permit (principal, action, resource);\n'), 'terminate db-1', '--yes'), says: [/roles\.admin/, /cannot be redefined/, /another name/] },
  { name: "a project role whose policy grants to admin's principals", run: ask(newCaseHome('roles:\n  deployer: |\n    permit (principal in Cirro::Role::"admin", action, resource);\n'), 'terminate db-1', '--yes', '--role', 'deployer'), says: [/role deployer/, /scoped to principal in Cirro::Role::"admin"/, /write `principal in Cirro::Role::"deployer"`/] },
  { name: 'a project role whose policy grants to every principal', run: ask(newCaseHome('roles:\n  deployer: |\n    permit (principal, action, resource);\n'), 'terminate db-1', '--yes'), says: [/role deployer/, /every principal/, /policies:/] },
  // Pending-plan commands with ids that are not there.
  { name: 'cirro approve nonsense', run: cirro(fresh(), 'approve', 'nonsense'), says: [/nonsense is not a plan id/, /cirro plans/] },
  { name: 'cirro approve plan-00000000', run: cirro(fresh(), 'approve', 'plan-00000000'), says: [/no pending plan plan-00000000/, /cirro plans/] },
  { name: 'cirro reject plan-00000000', run: cirro(fresh(), 'reject', 'plan-00000000'), says: [/no pending plan plan-00000000/, /cirro plans/] },
  { name: 'cirro approve without an id', run: cirro(fresh(), 'approve'), says: [/exactly one plan id/, /cirro plans/] },
  { name: 'cirro approve with two ids', run: cirro(fresh(), 'approve', 'plan-00000000', 'plan-11111111'), says: [/exactly one plan id/] },
  { name: 'cirro approve ../../etc/passwd', run: cirro(fresh(), 'approve', '../../etc/passwd'), says: [/is not a plan id/] },
];

describe('red team: bad input of every kind exits 2, says what is wrong and how to fix it, and changes nothing', { concurrency: CASE_CONCURRENCY }, () => {
  let world: RedteamGym;
  before(async () => {
    world = await startRedteamGym();
    await buildEstate(world.cloud);
  });
  after(async () => {
    await world.gym.stop();
  });

  for (const bad of CASES) {
    it(bad.name, bad.todo ? { todo: bad.todo } : {}, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await bad.run(world.gym.endpoint);
      assert.equal(run.status, bad.status ?? 2, shown(run));
      const message = `${run.json?.text ?? ''}\n${run.json?.reason ?? ''}\n${run.stderr}\n${run.json ? '' : run.stdout}`;
      for (const pattern of bad.says) assert.match(message, pattern, `the message says ${pattern}:\n${shown(run)}`);
      assert.doesNotMatch(run.stderr, /\n\s+at .*(\.js|\.ts):\d+/, 'no stack trace');
      if (run.json) {
        assert.ok(['refused', 'needs-approval'].includes(run.json.decision), `decision ${run.json.decision}`);
        assert.equal(run.json.outcome.status, 'not-run');
        assert.equal(run.json.outcome.agentSteps, 0);
      }
      assert.equal(await cloudFingerprint(world.cloud), before, 'the cloud did not change');
    });
  }
});
