/** The `cirro` command: parses the first word and hands off to a command module, loaded only when used. */

const VERSION = '0.1.0';

const HELP = `cirro ${VERSION}: an AI agent for cloud infrastructure, with a local AWS cloud to rehearse on

Usage: cirro <command> [options]

Commands:
  gym start     Serve the local AWS cloud (EC2, ELBv2, STS) in the foreground
  gym status    Show whether the local gym is running, where, and its clock
  gym reset     Put the local gym back to a fresh world

Options:
  -h, --help     Show help (also: cirro <command> --help)
  -v, --version  Show the version

The gym speaks the real AWS wire protocols, so the AWS CLI, the AWS SDKs and boto3 work against it:
  cirro gym start &
  aws --endpoint-url http://127.0.0.1:4566 ec2 describe-vpcs
`;

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
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
    case 'gym': {
      const { runGymCommand } = await import('./commands/gym.js');
      return runGymCommand(rest);
    }
    default:
      process.stderr.write(`cirro: unknown command '${command}'. Run 'cirro --help' for the list of commands.\n`);
      return 2;
  }
}
