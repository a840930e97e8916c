import { chmodSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { streamLogger } from '../../core/logger.js';
import { cirroHome, defaultGymStateDirectory } from '../cirro-home.js';
import { ensureLocalGym, gymHealth, processAlive } from '../local-gym.js';

const DEFAULT_PORT = 4567;

const HELP = `Usage: cirro gateway start [--upstream URL|aws] [--port N] [--host H] [--role R] [--agent NAME]

  Serve the guarded AWS endpoint in the foreground until Ctrl-C (SIGINT) or SIGTERM. Agents, scripts,
  the AWS CLI and the SDKs call it instead of the cloud, with keys it issues: it checks their
  signatures, authorizes each call with the project's Cedar policies (.cirro/policy.yaml), admits only
  the calls of a bound plan, forwards the rest to the upstream signed with the upstream's own keys,
  and writes every call to the audit log ($CIRRO_HOME/audit).

  --upstream URL|aws  the cloud behind the gateway: an AWS-compatible URL, or 'aws' for AWS's regional
                      endpoints with the standard credential chain (default: the local gym, started
                      when none is running)
  --port N            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H            address to bind (default 127.0.0.1)
  --role R            the role of the key printed at start: reader, operator, admin or one the policy
                      file defines (default: the policy file's role, else operator for a gym and
                      reader for anything else)
  --agent NAME        the name that key's calls are audited under (default cli)

  It writes $CIRRO_HOME/gateway.json (endpoint, admin token, pid; mode 0600) while it runs, so
  'CIRRO_GATEWAY=<endpoint> cirro ask …' on this machine can use it.
`;

/** A flag with a bad value. */
class UsageError extends Error {}

/** `cirro gateway …` */
export async function runGatewayCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'start') {
    process.stderr.write(`cirro gateway: unknown subcommand '${sub}'. Use start (cirro gateway --help shows the options).\n`);
    return 2;
  }
  try {
    return await start(rest);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cirro gateway start: ${(error as Error).message.replace(/\.$/, '')}. Run 'cirro gateway --help' for the options.\n`);
      return 2;
    }
    process.stderr.write(`cirro gateway start: ${(error as Error).message}\n`);
    return 1;
  }
}

interface StartFlags {
  readonly upstream: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly role: string | undefined;
  readonly agent: string;
}

function parseFlags(argv: string[]): StartFlags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      upstream: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, role: { type: 'string' },
      agent: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const upstream = values.upstream;
  if (upstream !== undefined && upstream !== 'aws') {
    let url: URL | undefined;
    try {
      url = new URL(upstream);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(`--upstream ${upstream} is not valid: expected an http(s) URL such as http://127.0.0.1:4566, or 'aws'`);
    }
  }
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${portText} is not valid: expected an integer from 0 to 65535`);
  const agent = values.agent ?? 'cli';
  if (!/^[\w.@:+-]{1,128}$/.test(agent)) throw new UsageError(`--agent ${agent} is not valid: use letters, digits and . _ @ : + -`);
  if (values.role !== undefined && values.role.trim() === '') throw new UsageError('--role needs a role name, such as reader or operator');
  return { upstream, port, host: values.host ?? '127.0.0.1', role: values.role, agent };
}

async function start(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const home = cirroHome();
  const registrationPath = join(home, 'gateway.json');
  await refuseSecondGateway(registrationPath);
  const upstream = flags.upstream ?? (await ensureLocalGym(defaultGymStateDirectory(), { onStart: (line) => process.stdout.write(`${line}\n`) }));
  const gym = upstream !== 'aws' && (await gymHealth(upstream)) !== undefined;
  // The same choice of role as cirro ask: --read-only, --role, CIRRO_ROLE, the policy file, then the target's default.
  const { setUpGuard } = await import('../../agent/guard-setup.js');
  const guard = setUpGuard({ projectDirectory: process.cwd(), gym, ...(flags.role ? { role: flags.role } : {}), agent: flags.agent });
  if (!guard.ok) throw new UsageError(guard.error);
  const { authorizer, role, policy } = guard.value;
  const { openAuditLog } = await import('../../guard/audit/index.js');
  const auditDirectory = join(home, 'audit');
  const audit = openAuditLog(auditDirectory);
  const { startGateway } = await import('../../gateway/index.js');
  const gateway = await startGateway({
    upstream, port: flags.port, host: flags.host, authorizer, audit, logger: streamLogger(process.stderr, 'cirro gateway: '),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new Error(`port ${flags.port} is already in use; pass --port with a free port (or 0 for any)`);
    throw error;
  });
  const credentials = await gateway.issueCredentials({ agent: flags.agent, role });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeFileSync(registrationPath, JSON.stringify({ endpoint: gateway.endpoint, adminToken: gateway.adminToken, pid: process.pid }), { mode: 0o600 });
  chmodSync(registrationPath, 0o600);
  process.stdout.write(
    `cirro gateway: guarding ${upstream === 'aws' ? 'AWS (regional endpoints, standard credential chain)' : `${gym ? 'the gym at ' : ''}${upstream}`} at ${gateway.endpoint}\n` +
      `  policy: ${policy.path ?? 'built-in (no .cirro/policy.yaml)'}; audit log: ${auditDirectory}\n` +
      `  a key for agent ${flags.agent} in role ${role}:\n` +
      `  export AWS_ENDPOINT_URL=${gateway.endpoint} AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\n` +
      // AWS_ENDPOINT_URL reaches the SDKs and AWS CLI 2.13+; older CLIs (Debian's 2.9) need the flag.
      `  then: aws --endpoint-url ${gateway.endpoint} ec2 describe-vpcs --region us-east-1\n` +
      `  cirro ask uses this gateway with CIRRO_GATEWAY=${gateway.endpoint} (admin token in ${registrationPath})\n`,
  );
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`cirro gateway: ${signal} received, stopping\n`);
      void gateway.close().finally(() => {
        removeRegistration(registrationPath);
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

/** One registered gateway per home: a second would overwrite the first's token and strand its users. */
async function refuseSecondGateway(path: string): Promise<void> {
  let registered: { endpoint?: string; pid?: number } | undefined;
  try {
    registered = JSON.parse(readFileSync(path, 'utf8')) as { endpoint?: string; pid?: number };
  } catch {
    return;
  }
  if (typeof registered.pid !== 'number' || typeof registered.endpoint !== 'string' || !processAlive(registered.pid)) return;
  try {
    const answer = await fetch(`${registered.endpoint}/_cirro/health`, { signal: AbortSignal.timeout(1000) });
    if (!answer.ok) return;
  } catch {
    return;
  }
  throw new Error(`a gateway (pid ${registered.pid}) already runs at ${registered.endpoint} for ${path}; stop it first, or set CIRRO_HOME to run another`);
}

function removeRegistration(path: string): void {
  try {
    const registered = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
    if (registered.pid === process.pid) unlinkSync(path);
  } catch {
    // Already gone: nothing to clean up.
  }
}
