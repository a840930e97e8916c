import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { streamLogger } from '../../core/logger.js';
import { defaultGymStateDirectory } from '../cirro-home.js';
import { ensureLocalGym, gymHealth, processAlive, readRegistration, register, runningGym, unregister } from '../local-gym.js';

const HELP = `Usage: cirro gym <start|status|reset> [options]

  cirro gym start [--port N] [--host H] [--state-dir DIR] [--speed X] [--seed N] [--in-memory]
      Serve the local AWS cloud in the foreground until Ctrl-C (SIGINT) or SIGTERM.
      --port N        port to listen on (default 4566; 0 picks a free one)
      --host H        address to bind (default 127.0.0.1)
      --state-dir DIR where the world persists (default $CIRRO_HOME/gym, ~/.cirro/gym)
      --speed X       simulated seconds per real second (default 60; 1 is real time)
      --seed N        seed for ids and addresses of a fresh world (default 1)
      --in-memory     keep nothing on disk

  cirro gym status [--state-dir DIR | --endpoint URL] [--json]
      Show whether a gym is running, where, and its clock. Exit code 3 when none is running.

  cirro gym reset [--state-dir DIR | --endpoint URL]
      Put the gym back to a fresh world (starting the local gym if none is running).
`;

/** `cirro gym …` */
export async function runGymCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case 'start':
        return await start(rest);
      case 'status':
        return await status(rest);
      case 'reset':
        if (process.env['CIRRO_READ_ONLY'] === '1') {
          process.stderr.write('cirro gym reset: refused: --read-only is set and a reset wipes the gym\'s world; run it without --read-only\n');
          return 2;
        }
        return await reset(rest);
      case undefined:
      case '-h':
      case '--help':
        process.stdout.write(HELP);
        return sub === undefined ? 2 : 0;
      default:
        process.stderr.write(`cirro gym: unknown subcommand '${sub}'. Use start, status or reset.\n`);
        return 2;
    }
  } catch (error) {
    // Bad flags are usage errors (exit 2), like parseArgs' own; nothing has started yet.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`cirro gym ${sub}: ${(error as Error).message.replace(/\.$/, '')}. Run 'cirro gym --help' for the options.\n`);
      return 2;
    }
    process.stderr.write(`cirro gym ${sub}: ${(error as Error).message}\n`);
    return 1;
  }
}

/** A flag with a bad value. */
class UsageError extends Error {}

function number(name: string, text: string | undefined, check: (value: number) => boolean, expected: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`--${name} ${text} is not valid: expected ${expected}`);
  return value;
}

async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'state-dir': { type: 'string' }, speed: { type: 'string' },
      seed: { type: 'string' }, 'in-memory': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = number('port', values.port, (value) => Number.isInteger(value) && value >= 0 && value <= 65535, 'an integer from 0 to 65535') ?? 4566;
  const speed = number('speed', values.speed, (value) => value > 0 && value <= 100_000, 'a number above 0 and at most 100000');
  const seed = number('seed', values.seed, (value) => Number.isInteger(value) && value >= 0, 'a non-negative integer');
  const stateDirectory = values['in-memory'] ? undefined : resolve(values['state-dir'] ?? defaultGymStateDirectory());
  if (stateDirectory) {
    const existing = readRegistration(stateDirectory);
    if (existing && existing.pid !== process.pid && processAlive(existing.pid) && (await gymHealth(existing.endpoint))) {
      throw new Error(`a gym (pid ${existing.pid}) already serves ${stateDirectory} at ${existing.endpoint}; stop it first, or pass another --state-dir`);
    }
  }
  const started = performance.now();
  const { Gym } = await import('../../gym/gym.js');
  const gym = await Gym.start({ port, host: values.host, stateDirectory, speed, seed, logger: streamLogger(process.stderr, 'cirro gym: ') }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new Error(`port ${port} is already in use; pass --port with a free port (or 0 for any)`);
    throw error;
  });
  if (stateDirectory) register(stateDirectory, { pid: process.pid, endpoint: gym.endpoint, startedAt: new Date().toISOString() });
  const clock = gym.clockStatus();
  process.stdout.write(
    `cirro gym: serving EC2, ELBv2, STS and CloudFormation at ${gym.endpoint} (ready in ${Math.round(performance.now() - started)} ms; ` +
      `${stateDirectory ? `state in ${stateDirectory}` : 'in memory'}; clock ${clock['speed']}x)\n` +
      `  try: aws --endpoint-url ${gym.endpoint} ec2 describe-vpcs\n`,
  );
  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`cirro gym: ${signal} received, saving state and stopping\n`);
      void gym.stop().then(() => {
        if (stateDirectory) unregister(stateDirectory, process.pid);
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

function target(argv: string[]): { 'state-dir'?: string; endpoint?: string; json?: boolean } {
  return parseArgs({ args: argv, strict: true, options: { 'state-dir': { type: 'string' }, endpoint: { type: 'string' }, json: { type: 'boolean' } } }).values;
}

async function status(argv: string[]): Promise<number> {
  const values = target(argv);
  const stateDirectory = resolve(values['state-dir'] ?? defaultGymStateDirectory());
  const endpoint = values.endpoint ?? (await runningGym(stateDirectory))?.endpoint;
  const health = endpoint ? await gymHealth(endpoint) : undefined;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(health ? { running: true, ...health } : { running: false, endpoint: endpoint ?? null })}\n`);
    return health ? 0 : 3;
  }
  if (!health) {
    process.stdout.write(
      endpoint
        ? `no gym answers at ${endpoint}\n`
        : `no gym is running for ${stateDirectory}; start one with 'cirro gym start'\n`,
    );
    return 3;
  }
  const clock = health['clock'] as Record<string, unknown>;
  const services = (health['services'] as { name: string; operations: string[] }[]).map((service) => `${service.name} (${service.operations.length} operations)`);
  process.stdout.write(
    `gym running at ${health['endpoint'] ?? endpoint} (pid ${health['pid']}, up ${health['uptimeSeconds']} s)\n` +
      `  state:    ${health['stateDirectory'] ?? 'in memory'}\n` +
      `  clock:    ${clock['now']} at ${clock['speed']}x${clock['frozen'] ? ' (frozen)' : ''}, ${clock['pendingTimers']} pending transitions\n` +
      `  services: ${services.join(', ')}\n`,
  );
  return 0;
}

async function reset(argv: string[]): Promise<number> {
  const values = target(argv);
  const stateDirectory = resolve(values['state-dir'] ?? defaultGymStateDirectory());
  const endpoint = values.endpoint ?? (await ensureLocalGym(stateDirectory, { onStart: (message) => process.stderr.write(`${message}\n`) }));
  const response = await fetch(`${endpoint}/_gym/reset`, { method: 'POST' }).catch(() => undefined);
  if (!response?.ok) throw new Error(`the gym at ${endpoint} did not accept the reset${response ? ` (HTTP ${response.status})` : ''}`);
  process.stdout.write(`gym at ${endpoint} reset to a fresh world\n`);
  return 0;
}
