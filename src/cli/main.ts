/** The `cirro` command: parses the first word and hands off to a command module, loaded only when used. */

const VERSION = '0.1.0';

const HELP = `cirro ${VERSION}: an AI agent for cloud infrastructure, with a local AWS cloud to rehearse on

Usage: cirro <command> [options]

Commands:
  ask "<request>" Do what the request says (or answer it), after showing the plan
  bench --suite study  Run a task suite against fresh gym worlds; print success rate and steps
  plans         List plans waiting for approval
  approve <id>  Re-check a pending plan against the cloud and run it
  reject <id>   Drop a pending plan
  audit         Show the audit log (audit verify: check its hash chain)
  iac export    Write resources as a clean, deployable CloudFormation template
  drift         Show what changed outside the code: stacks' drift, lost and unmanaged resources, ranked
  gateway start Serve the guarded AWS endpoint agents call instead of the cloud
  gym start     Serve the local AWS cloud (EC2, ELBv2, STS, CloudFormation) in the foreground
  gym status    Show whether the local gym is running, where, and its clock
  gym reset     Put the local gym back to a fresh world

Options:
  --read-only    On any command: change nothing (every plan that would change the cloud is refused,
                 keys a gateway issues are reader keys, gym reset is refused)
  -h, --help     Show help (also: cirro <command> --help)
  -v, --version  Show the version

With no --endpoint, commands use the local gym (started when needed). The gym speaks the real AWS
wire protocols, so the AWS CLI, the AWS SDKs and boto3 work against it too:
  cirro ask "launch a t3.micro called web-1" --yes
  aws --endpoint-url http://127.0.0.1:4566 ec2 describe-instances
`;

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Cirro supports Node 20; the SDK's notice about its future Node 22 requirement is not actionable mid-command.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  // --read-only works on every command: it is taken out here and seen by the guard wherever a role is chosen.
  const dashDash = argv.indexOf('--');
  const flags = dashDash < 0 ? argv : argv.slice(0, dashDash);
  if (flags.includes('--read-only')) {
    process.env['CIRRO_READ_ONLY'] = '1';
    argv = [...flags.filter((argument) => argument !== '--read-only'), ...(dashDash < 0 ? [] : argv.slice(dashDash))];
  }
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  switch (command) {
    case 'ask': {
      const { runAskCommand } = await import('./commands/ask.js');
      return runAskCommand(rest);
    }
    case 'bench': {
      const { runBenchCommand } = await import('./commands/bench.js');
      return runBenchCommand(rest);
    }
    case 'gateway': {
      const { runGatewayCommand } = await import('./commands/gateway.js');
      return runGatewayCommand(rest);
    }
    case 'iac': {
      const { runIacCommand } = await import('./commands/iac.js');
      return runIacCommand(rest);
    }
    case 'drift': {
      const { runDriftCommand } = await import('./commands/drift.js');
      return runDriftCommand(rest);
    }
    case 'audit': {
      const { runAuditCommand } = await import('./commands/audit.js');
      return runAuditCommand(rest);
    }
    case 'plans':
    case 'approve':
    case 'reject': {
      const { runPlansCommand } = await import('./commands/plans.js');
      return runPlansCommand(command, rest);
    }
    case 'gym': {
      const { runGymCommand } = await import('./commands/gym.js');
      return runGymCommand(rest);
    }
    default:
      process.stderr.write(`cirro: unknown command '${command}'. Run 'cirro --help' for the list of commands.\n`);
      return 2;
  }
}
