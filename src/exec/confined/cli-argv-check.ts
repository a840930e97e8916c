import { fail, ok, type Result } from '../../core/result.js';

/** Options a model may not pass: Cirro decides where calls go, as whom, and how they are verified. */
const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  '--endpoint-url': 'Cirro sends every call to its gateway; leave --endpoint-url out',
  '--profile': 'the call runs with the keys the gateway issued; leave --profile out',
  '--no-verify-ssl': 'certificate checks stay on; leave --no-verify-ssl out',
  '--ca-bundle': 'certificate checks use the system bundle; leave --ca-bundle out',
  '--no-sign-request': 'every call is signed with the gateway-issued keys; leave --no-sign-request out',
  '--access-key': 'the call runs with the keys the gateway issued; pass no credentials',
  '--secret-key': 'the call runs with the keys the gateway issued; pass no credentials',
  '--session-token': 'the call runs with the keys the gateway issued; pass no credentials',
  '--cli-auto-prompt': 'nobody is at a terminal to answer prompts; leave --cli-auto-prompt out',
};

/** Commands that touch local files or programs instead of a cloud API. */
const REFUSED_COMMANDS: Readonly<Record<string, string>> = {
  configure: 'configuration is fixed by Cirro; run API commands directly',
  history: 'the CLI history is not kept here',
  sso: 'sign-in is handled by Cirro; run API commands directly',
  login: 'sign-in is handled by Cirro; run API commands directly',
  logout: 'sign-in is handled by Cirro; run API commands directly',
  help: 'help pages are not available here; the API reference you know applies',
};

/**
 * The CLI's service commands a model may run: the services the gateway guards. Anything else would be
 * refused there anyway; refusing it here also keeps out the CLI's own file-moving commands (`s3 cp`,
 * `s3 sync`), which read and write the host's files before any call is made.
 */
const ALLOWED_SERVICES: ReadonlySet<string> = new Set(['ec2', 'elbv2', 'cloudformation', 'sts']);

/** Commands the CLI runs on the host's files rather than as one API call. */
const REFUSED_OPERATIONS: Readonly<Record<string, string>> = {
  'cloudformation package': 'it uploads local files; pass the template inline to create-change-set or create-stack (--template-body)',
  'cloudformation deploy': 'it reads the template from a local file; use create-change-set and execute-change-set with --template-body',
};

/** Longest argv accepted, in items and in bytes. */
const MAX_ITEMS = 200;
const MAX_BYTES = 256 * 1024;

/**
 * Checks an `aws …` argument vector a model wrote. It must start with `aws` and name a service and an
 * operation; options that redirect, re-credential or weaken calls are refused, as are local-file
 * parameters (`file://`, `fileb://`: nothing here writes files, so they could only read the host's).
 * Returns the arguments after `aws`, or a message naming the problem and the fix.
 */
export function checkCliArgv(argv: unknown): Result<string[], string> {
  if (!Array.isArray(argv) || argv.some((item) => typeof item !== 'string')) {
    return fail('argv must be an array of strings, like ["aws", "ec2", "describe-instances"]');
  }
  const items = argv as string[];
  if (items[0] !== 'aws') return fail(`argv must start with "aws" (got ${JSON.stringify(items[0] ?? '')}); only the AWS CLI runs here, without a shell`);
  if (items.length > MAX_ITEMS || items.reduce((size, item) => size + Buffer.byteLength(item), 0) > MAX_BYTES) {
    return fail(`argv is too long (over ${MAX_ITEMS} items or ${MAX_BYTES / 1024} KiB); split the work into several commands`);
  }
  const rest = items.slice(1);
  const positionals = rest.filter((item) => !item.startsWith('-'));
  const command = positionals[0];
  if (!command || positionals.length < 2) {
    return fail('argv names no service and operation; write it like ["aws", "ec2", "describe-instances"]');
  }
  for (const item of positionals.slice(0, 3)) {
    const reason = REFUSED_COMMANDS[item];
    if (reason !== undefined) return fail(`"aws … ${item}" is not allowed: ${reason}`);
  }
  if (!ALLOWED_SERVICES.has(command)) {
    return fail(`"aws ${command}" is not allowed: only the services Cirro's gateway guards run here (${[...ALLOWED_SERVICES].join(', ')})`);
  }
  const operation = `${command} ${positionals[1]}`;
  const refusedOperation = REFUSED_OPERATIONS[operation];
  if (refusedOperation !== undefined) return fail(`"aws ${operation}" is not allowed: ${refusedOperation}`);
  for (const item of rest) {
    const name = item.split('=', 1)[0]!;
    const reason = REFUSED_OPTIONS[name];
    if (reason !== undefined) return fail(`${name} is not allowed: ${reason}`);
    if (/^fileb?:\/\//i.test(item) || /=fileb?:\/\//i.test(item)) {
      return fail(`${JSON.stringify(item.slice(0, 60))} reads a local file, which is not allowed here; pass the value inline (JSON or shorthand)`);
    }
  }
  return ok(rest);
}
