import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriftFinding, DriftReport, StackPatch } from '../../ops/drift/index.js';
import { loadPolicyFile } from '../../guard/policy-file/index.js';
import { openGuardedSession } from '../guarded-session.js';

const HELP = `Usage: cirro drift [options]

What changed outside the code: runs CloudFormation drift detection on every stack and reports each
property changed by hand (property, expected → actual), each resource the code expects that the cloud
lost, and each resource that is in no stack (unmanaged; the default VPC, its subnets, main route tables
and default groups are left out). Findings are ranked: critical (a port such as SSH or RDP opened to
the internet), high (another opened port, disabled deletion protection or encryption), medium (a
resize, a lost resource), low (tags, unmanaged resources); most severe first.

  --stack NAME             check only this stack (repeat for more); unmanaged resources are then not judged
  --endpoint URL|aws       an AWS-compatible endpoint, or 'aws' for AWS itself with the standard
                           credential chain (default $AWS_ENDPOINT_URL, else the local gym)
  --region R               region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)
  --json                   print the report as JSON (ignored and accepted findings under "ignored")
  --patch                  bring the code to the cloud: print, per drifted stack, a unified diff of its
                           template (GetTemplate, as YAML) with each changed property set to what the
                           cloud has and each lost resource removed, for a pull request; deploying it
                           changes nothing in the cloud and leaves the stack in sync
  --output DIR             with --patch: write each patched template whole to DIR/<stack>.yaml instead
  --restore                bring the cloud back to the code: plan the service calls that set each finding
                           back to what the template says (revoke a rule opened by hand, resize back,
                           attach a detached volume at the template's device, set tags back, and update
                           a stack twice to recreate a resource it lost), show the plan, check it like
                           'cirro ask' does (compliance, authorization, risk, approval), run it through
                           the gateway with rollback, verify it, and detect drift again. Resources in no
                           stack are not restored: adopt them (cirro iac export) or remove them (cirro ask)
  --finding N              with --restore: restore only finding N, as numbered in the report (repeat)
  --yes                    with --restore: approve a plan that needs approval (never overrides a refusal)
  --dry-run                with --restore: show the plan and the guard's verdict, change nothing
  --all                    also list the findings the policy file ignores or accepts, with their reasons

Ignore rules and accepted baselines come from the drift: section of .cirro/policy.yaml (see
docs/policy-file.md); the findings they cover are counted but are not drift.

Each finding also says how to bring the cloud back to the code (--restore does it as one plan): the
'cirro ask' request or the AWS call that sets it back. Re-deploying a drifted stack's own template does
not: CloudFormation compares templates, not the cloud, so it finds nothing to update.

Exit status: 0 the cloud matches the code; 1 drift found; 2 bad flags or policy file; 3 the check could not run or
a stack could not be checked. With --restore: 0 every finding restored was found restored on a second
detection; 1 not restored (a step failed and was rolled back, or drift remains); 2 bad flags or refused
by the guard; 3 not run (needs approval: --yes) or the cloud could not be checked. (Like 'terraform plan -detailed-exitcode', a script can tell "in sync"
from "drifted" without reading the output; unlike it, drift is 1, because drift is the finding.)

The cloud is read through the gateway as a reader: detection changes nothing but the stacks' drift status.
--restore acts with the role 'cirro ask' would (operator on a gym, reader elsewhere unless the policy
file or $CIRRO_ROLE says otherwise), through a gateway that admits only the plan's calls.

Examples:
  cirro drift
  cirro drift --stack web --json
  cirro drift --stack web --patch > web-drift.diff
  cirro drift --restore --finding 2 --yes
`;

interface DriftFlags {
  readonly stacks: string[] | undefined;
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
  readonly json: boolean;
  readonly all: boolean;
  readonly patch: boolean;
  readonly output: string | undefined;
  readonly restore: boolean;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly findings: number[] | undefined;
}

/** `cirro drift …`: exit 0 in sync, 1 drift found, 2 bad flags, 3 could not check. */
export async function runDriftCommand(argv: string[]): Promise<number> {
  const parsed = parseDriftFlags(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`cirro drift: ${parsed.problems.join('\n  ')}\n`);
    return 2;
  }
  const flags = parsed.flags;
  const policy = loadPolicyFile(process.cwd());
  if (!policy.ok) {
    process.stderr.write(`cirro drift: ${policy.error}\n`);
    return 2;
  }
  if (flags.restore) {
    const { runDriftRestore } = await import('./drift-restore.js');
    return runDriftRestore(flags, policy.value);
  }
  const opened = await openGuardedSession({ endpoint: flags.endpoint, readOnly: true, say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro drift: ${opened.error}\n`);
    return opened.exitCode === 2 ? 2 : 3;
  }
  const session = opened.value;
  const [{ createCloudClients }, { readInventory }, { driftReport, driftPatches }] = await Promise.all([
    import('../../cloud/clients.js'), import('../../cloud/read-inventory.js'), import('../../ops/drift/index.js'),
  ]);
  let report: DriftReport;
  let patches: StackPatch[] = [];
  try {
    const clients = createCloudClients({ endpoint: session.endpoint, region: flags.region, credentials: session.credentials, ...(session.gym ? { gym: true } : {}) });
    const inventory = await readInventory(clients);
    for (const warning of inventory.warnings ?? []) process.stderr.write(`cirro drift: warning: ${warning.message}\n`);
    report = await driftReport(clients, inventory, { ...(flags.stacks ? { stacks: flags.stacks } : {}), policy: policy.value.drift });
    if (flags.patch) patches = await driftPatches(clients, report);
  } catch (error) {
    process.stderr.write(`cirro drift: could not read the cloud: ${(error as Error).message}\n`);
    return 3;
  } finally {
    await session.close();
  }
  if (flags.patch) writePatches(patches, flags.output);
  else process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, flags.all));
  if (report.stacks.some((stack) => stack.status === 'NOT_CHECKED')) return 3;
  return report.inSync ? 0 : 1;
}

function parseDriftFlags(argv: string[]): { ok: true; flags: DriftFlags } | { ok: false; problems: string[]; help?: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { stack: { type: 'string', multiple: true }, endpoint: { type: 'string' }, region: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, patch: { type: 'boolean' }, output: { type: 'string' },
        restore: { type: 'boolean' }, finding: { type: 'string', multiple: true }, yes: { type: 'boolean', short: 'y' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return { ok: false, problems: [`${(error as Error).message}. Run 'cirro drift --help' for the options`] };
  }
  const { values } = parsed;
  if (values.help) return { ok: false, problems: [], help: true };
  const problems: string[] = [];
  const stacks = values.stack?.flatMap((name) => name.split(',')).map((name) => name.trim()).filter((name) => name.length > 0);
  if (values.stack !== undefined && stacks!.length === 0) problems.push('--stack is empty: name a stack (--stack web)');
  for (const name of stacks ?? []) if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name) && !name.startsWith('arn:')) problems.push(`--stack ${name} is not a stack name (letters, digits and hyphens, starting with a letter)`);
  const endpoint = values.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  if (endpoint !== undefined && endpoint !== 'aws' && !/^https?:\/\/[^\s/]+/.test(endpoint)) problems.push(`--endpoint ${endpoint} is not a URL (expected http://host:port, https://host, or aws)`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) problems.push(`--region ${values.region} is not a region name (expected something like us-east-1)`);
  if (values.output !== undefined && values.patch !== true) problems.push('--output writes patched templates: use it with --patch (cirro drift --patch --output fixes)');
  if (values.patch === true && values.json === true) problems.push('--patch prints a diff, --json a report: use one of them');
  if (values.patch === true && values.restore === true) {
    problems.push('--patch brings the code to the cloud, --restore the cloud to the code: use one of them (cirro drift --patch, or cirro drift --restore)');
  }
  for (const flag of ['finding', 'yes', 'dry-run'] as const) if (values[flag] !== undefined && values.restore !== true) problems.push(`--${flag} goes with --restore (cirro drift --restore --${flag}${flag === 'finding' ? ' 1' : ''})`);
  const findings = values.finding?.flatMap((text) => text.split(',')).map((text) => text.trim());
  for (const text of findings ?? []) if (!/^[1-9]\d{0,5}$/.test(text)) problems.push(`--finding ${text} is not a finding number: give the number cirro drift shows in brackets ([1], [2], …)`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    flags: {
      stacks, endpoint, region: values.region, json: values.json === true, all: values.all === true, patch: values.patch === true, output: values.output,
      restore: values.restore === true, yes: values.yes === true, dryRun: values['dry-run'] === true, findings: findings?.map(Number),
    },
  };
}

/** The diffs on stdout (so `> fix.diff` takes them whole), or the templates into a directory; notes on stderr. */
function writePatches(patches: readonly StackPatch[], output: string | undefined): void {
  if (patches.length === 0) process.stderr.write('cirro drift: no stack has drift a template change can take in; nothing to patch\n');
  if (output !== undefined && patches.length > 0) mkdirSync(output, { recursive: true });
  for (const patch of patches) {
    for (const note of patch.notes) process.stderr.write(`cirro drift: ${patch.stack}: ${note}\n`);
    if (output === undefined) {
      process.stdout.write(patch.diff);
      continue;
    }
    const file = join(output, `${patch.stack}.yaml`);
    writeFileSync(file, patch.after);
    process.stdout.write(`wrote ${file}: stack ${patch.stack}'s template as the cloud has it (deploy it with aws cloudformation deploy --stack-name ${patch.stack} --template-file ${file})\n`);
  }
}

/** The report as a person reads it: a summary line, then findings grouped by stack, most severe first. */
function renderReport(report: DriftReport, all: boolean): string {
  const lines: string[] = [];
  const counts = ['critical', 'high', 'medium', 'low'].map((severity) => [severity, report.findings.filter((finding) => finding.severity === severity).length] as const).filter(([, count]) => count > 0);
  const stacks = `${report.stacks.length} stack${report.stacks.length === 1 ? '' : 's'}`;
  if (report.inSync) lines.push(`In sync: ${stacks} in ${report.region} match their code${report.unmanagedChecked ? ', and every resource is in a stack' : ''}.`);
  else lines.push(`Drift in ${report.region}: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} across ${stacks}${counts.length ? ` (${counts.map(([severity, count]) => `${count} ${severity}`).join(', ')})` : ''}.`);
  if (report.ignored.length > 0) {
    const count = report.ignored.length;
    lines.push(`${count} finding${count === 1 ? ' is' : 's are'} ignored or accepted by the policy file${all ? '' : ' (--all lists them)'}.`);
  }
  for (const stack of report.stacks) {
    const findings = report.findings.filter((finding) => finding.stack === stack.name);
    const covered = report.ignored.filter((finding) => finding.stack === stack.name).length;
    const coveredNote = covered > 0 ? `; ${covered} finding${covered === 1 ? '' : 's'} ignored or accepted` : '';
    lines.push('', `stack ${stack.name}: ${stack.status}${stack.status === 'NOT_CHECKED' ? '' : ` (${stack.driftedResources} of ${stack.resources} resources drifted${coveredNote})`}`);
    if (stack.problem) lines.push(`  ${stack.problem}`);
    for (const finding of findings) lines.push(...renderFinding(finding, report.findings.indexOf(finding) + 1));
  }
  const unmanaged = report.findings.filter((finding) => finding.kind === 'unmanaged');
  if (unmanaged.length > 0) {
    lines.push('', `unmanaged: ${unmanaged.length} resource${unmanaged.length === 1 ? '' : 's'} in no stack`);
    for (const finding of unmanaged) lines.push(...renderFinding(finding, report.findings.indexOf(finding) + 1));
  }
  if (all && report.ignored.length > 0) {
    lines.push('', `ignored or accepted: ${report.ignored.length}`);
    for (const finding of report.ignored) lines.push(...renderFinding(finding).slice(0, 1), `           ${finding.ignoredBy === 'baseline' ? 'accepted' : 'ignored'}: ${finding.ignoredReason}`);
  }
  if (!report.unmanagedChecked) lines.push('', 'Unmanaged resources were not judged: the report is narrowed to --stack.');
  return `${lines.join('\n')}\n`;
}

/** A finding's lines; `number` is its place in the report (what --restore --finding takes), absent for ignored ones. */
function renderFinding(finding: DriftFinding, number?: number): string[] {
  return [...describeFinding(finding, number), ...(finding.restore ? [`           to restore the code's version: ${finding.restore}`] : [])];
}

function describeFinding(finding: DriftFinding, number: number | undefined): string[] {
  const label = `${number === undefined ? '' : `[${number}] `}${finding.severity.toUpperCase().padEnd(8)}`;
  const resource = finding.logicalId ? `${finding.logicalId} (${finding.physicalId})` : `${finding.resourceType} ${finding.physicalId}${finding.name ? ` (${finding.name})` : ''}`;
  if (finding.kind === 'modified') return [`  ${label} ${resource} ${finding.property}: ${finding.expected} → ${finding.actual}`, `           ${finding.reason}`];
  if (finding.kind === 'deleted') return [`  ${label} ${resource} ${finding.resourceType}: deleted`, `           ${finding.reason}`];
  return [`  ${label} ${resource}`, `           ${finding.reason}`];
}
