import { RawConnection } from './raw-connection.js';
import { summarize, type LatencySummary } from './stats.js';

/** How to drive one scenario. */
export interface LoadOptions {
  readonly port: number;
  /** Requests replayed round-robin (several when the mix varies, one otherwise). */
  readonly requests: readonly Buffer[];
  /** Requests in flight at once, each on its own connection. */
  readonly concurrency: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /**
   * Fewest answers to measure (default: one per connection): a slow server keeps being measured past
   * `seconds` until it has given this many (or for at most a minute more), so even a request that takes
   * seconds yields a figure.
   */
  readonly minimumRequests?: number;
}

/** What a scenario measured. */
export interface LoadResult extends LatencySummary {
  /** Completed requests per second over the measured window. */
  readonly requestsPerSecond: number;
  /** Requests measured (warm-up excluded). */
  readonly requests: number;
  /** Measured requests that did not come back with HTTP 200 (or did not come back at all). */
  readonly errors: number;
  readonly seconds: number;
  /** TCP connections opened during the run: concurrency when the server keeps them alive. */
  readonly connections: number;
}

/**
 * A closed-loop load: `concurrency` workers each send a request, wait for the whole response, and send
 * the next, for a warm-up and then a measured window. Every answer that arrives in the measured window
 * counts (throughput is answers per second of the window). Latency runs from the request's first byte
 * written to its response's last byte read, so it includes any queueing in the server.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = Array.from({ length: options.concurrency }, () => new RawConnection(options.port));
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const warmupEnd = performance.now() + options.warmupSeconds * 1000;
  const end = warmupEnd + options.seconds * 1000;
  const hardEnd = end + 60_000;
  const minimum = options.minimumRequests ?? options.concurrency;
  let inFlight = 0;
  // Past the window, a request starts only if the answers measured and awaited are still too few.
  const more = (now: number) => now < end || (latencies.length + inFlight < minimum && now < hardEnd);
  let lastFinish = warmupEnd;
  const worker = async (connection: RawConnection): Promise<void> => {
    for (let started = performance.now(); more(started); started = performance.now()) {
      const request = options.requests[next++ % options.requests.length]!;
      let ok: boolean;
      inFlight++;
      try {
        ok = (await connection.send(request)).status === 200;
      } catch {
        ok = false;
      }
      inFlight--;
      const finished = performance.now();
      if (finished < warmupEnd) continue;
      latencies.push(finished - started);
      if (!ok) errors++;
      if (finished > lastFinish) lastFinish = finished;
    }
  };
  try {
    await Promise.all(connections.map(worker));
  } finally {
    for (const connection of connections) connection.close();
  }
  const seconds = (lastFinish - warmupEnd) / 1000;
  return {
    ...summarize(latencies),
    requestsPerSecond: seconds > 0 ? latencies.length / seconds : 0,
    requests: latencies.length,
    errors,
    seconds,
    connections: connections.reduce((sum, connection) => sum + connection.connects, 0),
  };
}

/**
 * Sends requests in order, `concurrency` at a time, until all are sent or `deadline` (a performance.now()
 * time) passes; returns how many were sent (all of them answered 200). Throws on any other answer.
 */
export async function sendAll(port: number, requests: readonly Buffer[], concurrency: number, deadline = Number.POSITIVE_INFINITY): Promise<number> {
  const connections = Array.from({ length: Math.min(concurrency, requests.length) }, () => new RawConnection(port));
  let next = 0;
  const worker = async (connection: RawConnection): Promise<void> => {
    while (next < requests.length && performance.now() < deadline) {
      const request = requests[next++]!;
      const response = await connection.send(request, true);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body?.slice(0, 400)}`);
    }
  };
  try {
    await Promise.all(connections.map(worker));
  } finally {
    for (const connection of connections) connection.close();
  }
  return next;
}

/** Sends one request on a fresh connection and returns its status, body and latency; rejects after `timeoutMs`. */
export async function sendOnce(port: number, request: Buffer, timeoutMs = 60_000): Promise<{ status: number; body: string; milliseconds: number }> {
  const connection = new RawConnection(port);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const response = await Promise.race([connection.send(request, true), timeout]);
    return { status: response.status, body: response.body ?? '', milliseconds: performance.now() - started };
  } finally {
    clearTimeout(timer);
    connection.close();
  }
}
