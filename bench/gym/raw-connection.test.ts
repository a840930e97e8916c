import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { RawConnection } from './raw-connection.js';

// A server that answers each request with canned bytes, written in small pieces to exercise reassembly.
const answers: Record<string, string> = {
  '/length': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  '/chunked': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
  '/close': 'HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno',
};

let server: Server;
let port = 0;
let accepted = 0;

function serve(socket: Socket): void {
  accepted++;
  let pending = '';
  socket.on('data', (chunk) => {
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const path = pending.slice(0, end).split(' ')[1]!;
      pending = pending.slice(end + 4);
      const answer = answers[path]!;
      for (let at = 0; at < answer.length; at += 7) socket.write(answer.slice(at, at + 7));
      if (answer.includes('Connection: close')) socket.end();
    }
  });
}

const request = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`);

describe('RawConnection', () => {
  before(async () => {
    server = createServer(serve);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads Content-Length and chunked bodies that arrive in pieces, on one kept-alive connection', async () => {
    const connection = new RawConnection(port);
    accepted = 0;
    assert.deepEqual(await connection.send(request('/length'), true), { status: 200, body: 'hello', bytes: 5 });
    assert.deepEqual(await connection.send(request('/chunked'), true), { status: 200, body: 'abcde', bytes: 5 });
    assert.deepEqual(await connection.send(request('/length')), { status: 200, body: undefined, bytes: 5 });
    assert.equal(connection.connects, 1);
    assert.equal(accepted, 1);
    connection.close();
  });

  it('reconnects after a server that closes each connection, and reports its status', async () => {
    const connection = new RawConnection(port);
    assert.equal((await connection.send(request('/close'), true)).status, 400);
    assert.equal((await connection.send(request('/length'), true)).body, 'hello');
    assert.equal(connection.connects, 2);
    connection.close();
  });

  it('rejects when nothing listens, and refuses a second request in flight', async () => {
    await assert.rejects(new RawConnection(1).send(request('/length')));
    const connection = new RawConnection(port);
    const first = connection.send(request('/length'));
    await assert.rejects(connection.send(request('/length')), /already in flight/);
    await first;
    connection.close();
  });
});
