import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { openGuardedSession } from '../guarded-session.js';

const HELP = `Usage: cirro iac export [options]

Writes the current state of resources as a clean CloudFormation template that deploys them again: the
"codify what was clicked" feature. References between exported resources become Ref and Fn::GetAtt;
references to anything else become typed parameters whose default is today's value. Values AWS fills in
by itself (the allow-all egress rule, gp3's baseline IOPS, …) and read-only state (addresses, states) are
left out. The default VPC, its subnets and the default security groups are exported only when named.

  --resources LIST         ids, ARNs or names (Name tags, group names, * wildcards), comma separated
                           (default: every resource but the defaults AWS creates)
  --with-dependencies      also export what the named resources depend on (subnets, VPC, groups, the
                           network's gateway and route tables) instead of parameters for them
  --format yaml|json       template format (default yaml)
  --output FILE            write the template to FILE instead of stdout (FILE is left as it was on error)
  --endpoint URL|aws       an AWS-compatible endpoint, or 'aws' for AWS itself with the standard
                           credential chain (default $AWS_ENDPOINT_URL, else the local gym)
  --region R               region (default $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)

Resources that cannot be written (key pairs, main route tables, terminated instances) and what the
template cannot carry (a stopped instance is created running) are reported on stderr. The cloud is read
through the gateway as a reader: nothing changes.

Examples:
  cirro iac export > shop.yaml
  cirro iac export --resources web-1,web-2,shop-lb --with-dependencies --output web.yaml
  cirro iac export --resources 'web-*' --format json
`;

/** `cirro iac …` */
export async function runIacCommand(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === '-h' || subcommand === '--help' || subcommand === 'help') {
    process.stdout.write(HELP);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'export') {
    process.stderr.write(`cirro iac: unknown subcommand '${subcommand}'. Run 'cirro iac --help': the subcommand is export.\n`);
    return 2;
  }
  return runExport(rest);
}

interface ExportFlags {
  readonly names: string[] | undefined;
  readonly withDependencies: boolean;
  readonly format: 'yaml' | 'json';
  readonly output: string | undefined;
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
}

/** The flags, or the problems with them (each naming the flag, the value and what is expected). */
function parseExportFlags(argv: string[]): { ok: true; flags: ExportFlags } | { ok: false; problems: string[]; help?: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        resources: { type: 'string' }, 'with-dependencies': { type: 'boolean' }, format: { type: 'string' }, output: { type: 'string', short: 'o' },
        endpoint: { type: 'string' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, problems: [`${(error as Error).message}. Run 'cirro iac export --help' for the options`] };
  }
  const { values } = parsed;
  if (values.help) return { ok: false, problems: [], help: true };
  const problems: string[] = [];
  const names = values.resources?.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  if (values.resources !== undefined && names!.length === 0) problems.push('--resources is empty: give ids or names, comma separated (--resources web-1,shop-lb)');
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') problems.push(`--format ${format} is not one of yaml, json`);
  const endpoint = values.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  if (endpoint !== undefined && endpoint !== 'aws' && !/^https?:\/\/[^\s/]+/.test(endpoint)) problems.push(`--endpoint ${endpoint} is not a URL (expected http://host:port, https://host, or aws)`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) problems.push(`--region ${values.region} is not a region name (expected something like us-east-1)`);
  if (values.output !== undefined) {
    const folder = dirname(values.output);
    if (!existsSync(folder)) problems.push(`--output ${values.output}: the folder ${folder} does not exist; create it first`);
    else if (existsSync(values.output) && statSync(values.output).isDirectory()) problems.push(`--output ${values.output} is a folder; name a file in it (${values.output}/template.${format})`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, flags: { names, withDependencies: values['with-dependencies'] === true, format: format as 'yaml' | 'json', output: values.output, endpoint, region: values.region } };
}

async function runExport(argv: string[]): Promise<number> {
  const parsed = parseExportFlags(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(HELP);
      return 0;
    }
    process.stderr.write(`cirro iac export: ${parsed.problems.join('\n  ')}\n`);
    return 2;
  }
  const flags = parsed.flags;
  const opened = await openGuardedSession({ endpoint: flags.endpoint, readOnly: true, say: (line) => process.stderr.write(`${line}\n`) });
  if (!opened.ok) {
    process.stderr.write(`cirro iac export: ${opened.error}\n`);
    return opened.exitCode;
  }
  const session = opened.value;
  const [{ createCloudClients }, { readInventory }, { exportTemplate }, { renderTemplate }, { resolveExportNames }] = await Promise.all([
    import('../../cloud/clients.js'),
    import('../../cloud/read-inventory.js'),
    import('../../plan/iac/export-template.js'),
    import('../../plan/iac/render-template.js'),
    import('../../plan/iac/resolve-export-names.js'),
  ]);
  let inventory;
  try {
    const clients = createCloudClients({ endpoint: session.endpoint, region: flags.region, credentials: session.credentials, ...(session.gym ? { gym: true } : {}) });
    inventory = await readInventory(clients);
  } catch (error) {
    process.stderr.write(`cirro iac export: could not read the cloud: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await session.close();
  }
  for (const warning of inventory.warnings ?? []) process.stderr.write(`cirro iac export: warning: ${warning.message}\n`);
  let resourceIds: string[] | undefined;
  if (flags.names) {
    const resolved = resolveExportNames(inventory, flags.names);
    if (!resolved.ok) {
      process.stderr.write(`cirro iac export: ${resolved.problems.join('\n  ')}\n`);
      return 2;
    }
    resourceIds = resolved.ids;
  }
  const exported = exportTemplate(inventory, { ...(resourceIds ? { resourceIds } : {}), includeDependencies: flags.withDependencies });
  for (const skip of exported.skipped) process.stderr.write(`cirro iac export: skipped ${skip.id}: ${skip.reason}\n`);
  for (const note of exported.notes) process.stderr.write(`cirro iac export: note: ${note}\n`);
  const count = Object.keys(exported.template.Resources).length;
  if (count === 0) {
    process.stderr.write('cirro iac export: nothing to export: every resource asked for was skipped (see above); name other resources with --resources\n');
    return 1;
  }
  const text = renderTemplate(exported.template, flags.format);
  if (!flags.output) {
    process.stdout.write(text);
    return 0;
  }
  return writeOutput(flags.output, text, count);
}

/** Writes beside the target and renames, so a failed write never leaves a half template in its place. */
function writeOutput(path: string, text: string, count: number): number {
  const temporary = `${path}.cirro-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    process.stderr.write(`cirro iac export: could not write ${path}: ${(error as Error).message}; the file is unchanged\n`);
    return 1;
  }
  process.stderr.write(`cirro iac export: wrote ${count} resource${count === 1 ? '' : 's'} to ${path}\n`);
  return 0;
}
