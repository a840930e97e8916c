import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { WireRequest, WireResponse } from '../aws/protocols/wire.js';
import { CirroError } from '../core/cirro-error.js';
import { SimulatedClock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { GymService } from './service.js';
import type { AdminHost, ClockChange } from './server/admin-api.js';
import { handleAwsRequest, type FrontDoorHost } from './server/front-door.js';
import { loadService, type LoadedService } from './server/loaded-service.js';
import { ServiceRouter } from './server/service-router.js';
import { allServices } from './services/index.js';
import { FaultInjector } from './world/faults.js';
import { AwsError } from '../aws/aws-error.js';
import { Journal, writeAtomically } from './world/journal.js';
import { World, type WorldData } from './world/world.js';

/** How to run a gym. */
export interface GymOptions {
  readonly host?: string;
  readonly port?: number;
  /** Where state persists; without one the world lives in memory only. */
  readonly stateDirectory?: string;
  /** Simulated seconds per real second (default 60). */
  readonly speed?: number;
  readonly seed?: number;
  readonly accountId?: string;
  readonly defaultRegion?: string;
  readonly logger?: Logger;
  readonly services?: readonly GymService[];
}

/** Default simulated seconds per real second: a 30 s instance boot takes half a real second. */
export const DEFAULT_SPEED = 60;
/** The account every gym request acts in. */
export const DEFAULT_ACCOUNT = '123456789012';

/** A running gym: the world, its HTTP endpoint and its admin operations. */
export class Gym implements FrontDoorHost, AdminHost {
  world: World;
  readonly router: ServiceRouter;
  readonly faults = new FaultInjector();
  readonly defaultRegion: string;
  readonly logger: Logger;
  private readonly loaded: LoadedService[];
  private readonly journal: Journal | undefined;
  private readonly snapshots = new Map<string, string>();
  private readonly startedAt = Date.now();
  private server: Server | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly options: GymOptions) {
    this.logger = options.logger ?? silentLogger;
    this.defaultRegion = options.defaultRegion ?? 'us-east-1';
    this.loaded = (options.services ?? allServices()).map(loadService);
    this.router = new ServiceRouter(this.loaded);
    this.journal = options.stateDirectory ? new Journal(options.stateDirectory) : undefined;
    try {
      this.world = this.open(options);
    } catch (error) {
      // A gym that fails to open (a corrupt state file, say) must not keep the state directory locked.
      this.journal?.close();
      throw error;
    }
  }

  private open(options: GymOptions): World {
    const persisted = this.journal?.load();
    const clock = new SimulatedClock({
      speed: options.speed ?? persisted?.clock?.resumeSpeed ?? DEFAULT_SPEED,
      start: persisted?.data.simulatedNow,
      state: persisted?.clock && options.speed === undefined ? persisted.clock : undefined,
    });
    if (persisted?.clock && clock.now() < persisted.data.simulatedNow) clock.advance(persisted.data.simulatedNow - clock.now());
    const world = this.createWorld(clock, persisted?.data);
    if (this.journal) {
      // The first checkpoint records the seed, so the journal alone never has to.
      this.journal.checkpoint(world.serialize(), clock.snapshot());
      this.loadSnapshotsFromDisk();
    }
    return world;
  }

  /** Starts a gym and its HTTP endpoint; resolves once it answers requests. */
  static async start(options: GymOptions = {}): Promise<Gym> {
    const gym = new Gym(options);
    try {
      await gym.listen(options.host ?? '127.0.0.1', options.port ?? 4566);
    } catch (error) {
      // Nothing was served: release the state directory so a retry on another port can have it.
      gym.journal?.close();
      throw error;
    }
    return gym;
  }

  /** A gym without an HTTP endpoint, for in-process use. */
  static create(options: GymOptions = {}): Gym {
    return new Gym(options);
  }

  /** The base URL clients use (`http://127.0.0.1:4566`). */
  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the gym is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Handles one request (AWS or admin) without HTTP. */
  async handle(request: WireRequest): Promise<WireResponse> {
    if (request.path.startsWith('/_gym/')) {
      // Loaded on first use: the admin API's validation library costs a third of a cold start.
      const { handleAdminRequest } = await import('./server/admin-api.js');
      return handleAdminRequest(this, request);
    }
    const response = await handleAwsRequest(this, request);
    if (this.journal?.wantsCheckpoint) this.checkpoint();
    return response;
  }

  health(): Record<string, unknown> {
    return {
      status: 'ready',
      endpoint: this.server ? this.endpoint : undefined,
      pid: process.pid,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      stateDirectory: this.options.stateDirectory ?? null,
      defaultRegion: this.defaultRegion,
      accountId: this.world.accountId,
      clock: this.clockStatus(),
      services: this.loaded.map((service) => ({
        name: service.definition.name,
        protocol: service.model.metadata.protocol,
        operations: Object.keys(service.definition.operations).sort(),
      })),
    };
  }

  /** Back to a fresh world (same seed); time keeps running. */
  reset(): void {
    this.world = this.createWorld(this.world.clock, undefined);
    this.checkpoint();
  }

  clockStatus(): Record<string, unknown> {
    const clock = this.world.clock;
    return { now: new Date(clock.now()).toISOString(), speed: clock.speed, frozen: clock.frozen, pendingTimers: this.world.pendingTimers };
  }

  changeClock(change: ClockChange): void {
    const clock = this.world.clock;
    if (change.speed !== undefined) clock.setSpeed(change.speed);
    if (change.freeze === true) clock.freeze();
    if (change.freeze === false) clock.resume();
    if (change.advanceSeconds !== undefined) clock.advance(change.advanceSeconds * 1000);
    this.world.runDueTimers(clock.now());
    this.journal?.saveClock(clock.snapshot());
  }

  faultTargetProblem(service: string | undefined, operation: string): string | undefined {
    const names = this.loaded.map((loaded) => loaded.definition.name);
    const candidates = service === undefined ? this.loaded : this.loaded.filter((loaded) => loaded.definition.name === service);
    if (candidates.length === 0) return `service: the gym has no service '${service}'; use one of ${names.join(', ')}`;
    if (operation === '*' || candidates.some((loaded) => loaded.model.operation(operation))) return undefined;
    const where = service === undefined ? 'any service the gym serves' : service;
    const near = candidates.flatMap((loaded) => loaded.model.operationNames()).find((name) => name.toLowerCase().startsWith(operation.toLowerCase().slice(0, -1)) && name.length - operation.length <= 2);
    return `operation: '${operation}' is not an operation of ${where}${near ? ` (did you mean ${near}?)` : ''}; use the API name, such as DescribeVpcs, or '*' for every operation`;
  }

  listSnapshots(): string[] {
    return [...this.snapshots.keys()].sort();
  }

  saveSnapshot(name: string): void {
    const text = JSON.stringify(this.world.serialize());
    this.snapshots.set(name, text);
    if (this.options.stateDirectory) {
      mkdirSync(this.snapshotDirectory(), { recursive: true });
      writeAtomically(join(this.snapshotDirectory(), `${name}.json`), text);
    }
  }

  restoreSnapshot(name: string): boolean {
    const text = this.snapshots.get(name);
    if (text === undefined) return false;
    const data = parseSnapshot(name, text, join(this.snapshotDirectory(), `${name}.json`));
    // Time never runs backwards: the restored world continues at the current simulated time.
    this.world = this.createWorld(this.world.clock, data);
    this.checkpoint();
    return true;
  }

  deleteSnapshot(name: string): boolean {
    if (!this.snapshots.delete(name)) return false;
    const path = join(this.snapshotDirectory(), `${name}.json`);
    if (this.options.stateDirectory && existsSync(path)) unlinkSync(path);
    return true;
  }

  /** Stops serving, writes a final checkpoint and releases the state directory. */
  async stop(): Promise<void> {
    // Once stopped, the state directory may belong to another gym: a second stop must not checkpoint over it.
    if (this.stopped) return;
    this.stopped = true;
    if (this.syncTimer) clearInterval(this.syncTimer);
    if (this.server) {
      const server = this.server;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      this.server = undefined;
    }
    if (this.journal) {
      this.checkpoint();
      this.journal.close();
    }
  }

  private createWorld(clock: SimulatedClock, data: WorldData | undefined): World {
    const world = new World({
      services: this.loaded.map((service) => service.definition),
      clock,
      accountId: this.options.accountId ?? DEFAULT_ACCOUNT,
      seed: this.options.seed ?? 1,
      data,
      internalFault: (service, operation) => {
        const rule = this.faults.take(service, operation, 'internal');
        if (!rule) return undefined;
        if (rule.effect.type === 'error') return new AwsError(rule.effect.code, rule.effect.message, { status: rule.effect.status });
        return service === 'ec2' ? new AwsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 }) : new AwsError('Throttling', 'Rate exceeded', { status: 400 });
      },
      onTimerError: (timer, error) =>
        this.logger.error(`timer ${timer.kind} for ${timer.target} in ${timer.region} failed and was dropped: ${(error as Error).stack ?? String(error)}`),
    });
    const journal = this.journal;
    if (journal) world.onCommit((commit) => journal.append(commit));
    return world;
  }

  private checkpoint(): void {
    this.journal?.checkpoint(this.world.serialize(), this.world.clock.snapshot());
  }

  private snapshotDirectory(): string {
    return join(this.options.stateDirectory ?? '.', 'snapshots');
  }

  private loadSnapshotsFromDisk(): void {
    const directory = this.snapshotDirectory();
    if (!existsSync(directory)) return;
    for (const file of readdirSync(directory)) {
      if (file.endsWith('.json')) this.snapshots.set(file.slice(0, -5), readFileSync(join(directory, file), 'utf8'));
    }
  }

  private async listen(host: string, port: number): Promise<void> {
    const server = createServer({ keepAlive: true }, (request, response) => void this.serve(request, response));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    if (this.journal) {
      const journal = this.journal;
      this.syncTimer = setInterval(() => journal.sync(), 1000);
      this.syncTimer.unref();
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://gym');
      const params = new URLSearchParams(url.search);
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.includes('x-www-form-urlencoded') || (request.method === 'POST' && contentType === '' && body.length > 0 && !url.pathname.startsWith('/_gym/'))) {
        for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
      }
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(request.headers)) headers[key] = Array.isArray(value) ? value.join(',') : value;
      const result = await this.handle({ method: request.method ?? 'GET', path: url.pathname, headers, body, params });
      response.writeHead(result.status, { ...result.headers, 'content-length': Buffer.byteLength(result.body) });
      response.end(result.body);
    } catch (error) {
      this.logger.error(`request failed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    }
  }
}

/** A snapshot's world data, or CorruptSnapshot naming the file when it is not a world this gym can load. */
function parseSnapshot(name: string, text: string, path: string): WorldData {
  let data: Partial<WorldData> | undefined;
  try {
    data = JSON.parse(text) as Partial<WorldData>;
  } catch {
    data = undefined;
  }
  if (data?.format !== 'cirro-gym-world/1' || typeof data.tables !== 'object') {
    throw new CirroError(
      'CorruptSnapshot',
      `snapshot ${name} (${path}) is not a cirro-gym-world/1 world; delete it with DELETE /_gym/snapshots/${name} and take it again`,
    );
  }
  return data as WorldData;
}
