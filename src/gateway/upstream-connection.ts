import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** A whole HTTP answer: status, lower-case headers (repeats joined with ', '), body. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Where a pool connects. */
export interface PoolTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Certificate authorities to trust instead of the system's (a private endpoint, a test). */
  readonly ca?: string;
}

/** Idle connections are closed before servers usually close them (Node's default is 5 s), so a reused one is rarely dead. */
const IDLE_MS = 4_000;
const ANSWER_TIMEOUT_MS = 120_000;
const HEADER_END = Buffer.from('\r\n\r\n');

interface Pending {
  resolve(answer: HttpAnswer): void;
  reject(error: Error): void;
}

/**
 * A keep-alive HTTP/1.1 client for one host that writes each request in one piece and reads each answer
 * whole. The gateway forwards small form-encoded calls and reads their whole answers anyway (to audit
 * them, to collect created ids), and Node's general http client costs several times the CPU per call,
 * which on a busy gateway is most of what it adds.
 */
export class ConnectionPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();

  constructor(private readonly target: PoolTarget) {}

  /** Sends a request (the head without its final blank line, and the body) and resolves with the whole answer. */
  request(head: string, body: Buffer): Promise<HttpAnswer> {
    const connection = this.idle.pop() ?? this.open();
    return connection.exchange(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
  }

  /** Closes every connection. */
  close(): void {
    for (const connection of this.all) connection.destroy();
    this.idle.length = 0;
  }

  private open(): Connection {
    const { host, port, tls, ca } = this.target;
    const socket = tls
      ? connectTls({ host, port, servername: host, ALPNProtocols: ['http/1.1'], ...(ca ? { ca } : {}) })
      : connectTcp({ host, port, noDelay: true });
    const connection = new Connection(socket, (done) => {
      if (done.reusable) {
        this.idle.push(done);
      } else {
        this.all.delete(done);
        const index = this.idle.indexOf(done);
        if (index >= 0) this.idle.splice(index, 1);
      }
    });
    this.all.add(connection);
    return connection;
  }
}

/** One connection: one exchange at a time, then back to the pool or closed. */
class Connection {
  reusable = false;
  private pending: Pending | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private head: { status: number; headers: Record<string, string>; length: number | undefined; chunked: boolean; close: boolean; bodyStart: number } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly release: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.end(error));
    socket.on('close', () => this.end(new Error('the upstream closed the connection before answering')));
  }

  exchange(request: Buffer): Promise<HttpAnswer> {
    this.reusable = false;
    clearTimeout(this.timer);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.timer = setTimeout(() => this.end(new Error(`the upstream did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
      this.socket.write(request);
    });
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.pending) return;
    if (!this.head) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) return;
      this.head = parseHead(this.buffer.subarray(0, end).toString('latin1'), end + 4);
    }
    let body: Buffer | undefined;
    try {
      body = this.body(this.head);
    } catch (error) {
      return this.end(error as Error);
    }
    if (!body) return;
    const { status, headers, close } = this.head;
    const pending = this.pending;
    this.pending = undefined;
    this.head = undefined;
    this.buffer = Buffer.alloc(0);
    clearTimeout(this.timer);
    if (close) this.end(undefined);
    else this.rest();
    pending.resolve({ status, headers, body });
  }

  /** The body once it is complete, else undefined (a body with no length ends when the connection does). */
  private body(head: NonNullable<Connection['head']>): Buffer | undefined {
    const data = this.buffer.subarray(head.bodyStart);
    if (head.length !== undefined) return data.length >= head.length ? Buffer.from(data.subarray(0, head.length)) : undefined;
    if (head.chunked) return dechunk(data);
    return undefined;
  }

  /** Back to the pool, closed after a while unused. */
  private rest(): void {
    this.reusable = true;
    this.timer = setTimeout(() => this.socket.destroy(), IDLE_MS);
    this.timer.unref();
    this.release(this);
  }

  private end(error: Error | undefined): void {
    clearTimeout(this.timer);
    const pending = this.pending;
    this.pending = undefined;
    this.reusable = false;
    this.socket.destroy();
    this.release(this);
    if (!pending) return;
    // An answer without a length is complete when the connection ends.
    if (this.head && this.head.length === undefined && !this.head.chunked) {
      pending.resolve({ status: this.head.status, headers: this.head.headers, body: Buffer.from(this.buffer.subarray(this.head.bodyStart)) });
    } else {
      pending.reject(error ?? new Error('the upstream closed the connection before answering'));
    }
  }
}

function parseHead(text: string, bodyStart: number): NonNullable<Connection['head']> {
  const lines = text.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 502);
  const headers: Record<string, string> = {};
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : status === 204 || status === 304 ? 0 : undefined;
  const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
  const close = /close/i.test(headers['connection'] ?? '') || lines[0]!.startsWith('HTTP/1.0');
  return { status, headers, length: chunked ? undefined : length, chunked, close, bodyStart };
}

/** The body of a complete chunked transfer, or undefined while chunks are still to come. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new Error('the upstream sent a malformed chunked answer');
    // The last chunk, then optional trailers, then a blank line.
    if (size === 0) return data.indexOf(HEADER_END, lineEnd) >= 0 ? Buffer.concat(parts) : undefined;
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}
