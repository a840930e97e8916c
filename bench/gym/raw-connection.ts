import { connect, type Socket } from 'node:net';

/** What came back for one request. */
export interface RawResponse {
  readonly status: number;
  /** The body, only when it was asked for (counting bytes is cheaper than keeping them). */
  readonly body: string | undefined;
  readonly bytes: number;
}

interface Waiter {
  readonly keepBody: boolean;
  resolve(response: RawResponse): void;
  reject(error: Error): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One HTTP/1.1 connection that replays pre-serialized requests and parses just enough of each response
 * (status, Content-Length or chunked framing, Connection: close) to know where it ends. It reconnects
 * when the server closes after a response, as moto's development server does after every one.
 * Node's own http client costs several times more CPU per request, which would make the load generator
 * the bottleneck on a small machine.
 */
export class RawConnection {
  private socket: Socket | undefined;
  private waiter: Waiter | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private head: { status: number; length: number | undefined; chunked: boolean; close: boolean } | undefined;
  private received = 0;
  private bodyParts: Buffer[] = [];
  /** Connections opened so far (1 for a server that keeps them alive). */
  connects = 0;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  /** Sends one request and resolves with its response. One request at a time per connection. */
  send(request: Buffer, keepBody = false): Promise<RawResponse> {
    if (this.waiter) return Promise.reject(new Error('a request is already in flight on this connection'));
    return new Promise<RawResponse>((resolve, reject) => {
      this.waiter = { keepBody, resolve, reject };
      this.ensureSocket().write(request);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private ensureSocket(): Socket {
    if (this.socket) return this.socket;
    const socket = connect({ port: this.port, host: this.host, noDelay: true });
    this.connects++;
    this.pending = Buffer.alloc(0);
    this.head = undefined;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(socket, error));
    socket.on('close', () => this.fail(socket, new Error('the server closed the connection before answering')));
    this.socket = socket;
    return socket;
  }

  private fail(socket: Socket, error: Error): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.head && !this.readHead()) return;
    const head = this.head!;
    if (head.chunked) {
      this.readChunks();
      return;
    }
    if (head.length === undefined) return; // read to close; no server here does this for a 200
    const take = Math.min(head.length - this.received, this.pending.length);
    this.keep(this.pending.subarray(0, take));
    this.received += take;
    this.pending = this.pending.subarray(take);
    if (this.received >= head.length) this.finish();
  }

  private readHead(): boolean {
    const end = this.pending.indexOf(HEADER_END);
    if (end < 0) return false;
    const lines = this.pending.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0]!.split(' ')[1]);
    let length: number | undefined;
    let chunked = false;
    let close = false;
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index]!;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.includes('chunked');
      else if (name === 'connection') close = value === 'close';
    }
    this.head = { status, length, chunked, close };
    this.received = 0;
    this.bodyParts = [];
    this.pending = this.pending.subarray(end + HEADER_END.length);
    return true;
  }

  private readChunks(): void {
    for (;;) {
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd < 0) return;
      const size = parseInt(this.pending.toString('latin1', 0, lineEnd), 16);
      if (this.pending.length < lineEnd + 2 + size + 2) return;
      this.keep(this.pending.subarray(lineEnd + 2, lineEnd + 2 + size));
      this.received += size;
      this.pending = this.pending.subarray(lineEnd + 2 + size + 2);
      if (size === 0) {
        this.finish();
        return;
      }
    }
  }

  private keep(part: Buffer): void {
    if (this.waiter?.keepBody && part.length > 0) this.bodyParts.push(Buffer.from(part));
  }

  private finish(): void {
    const head = this.head!;
    const waiter = this.waiter;
    this.head = undefined;
    this.waiter = undefined;
    if (head.close) this.close();
    const body = waiter?.keepBody ? Buffer.concat(this.bodyParts).toString('utf8') : undefined;
    this.bodyParts = [];
    waiter?.resolve({ status: head.status, body, bytes: this.received });
  }
}
