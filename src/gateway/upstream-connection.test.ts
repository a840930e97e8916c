import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConnectionPool } from './upstream-connection.js';

/** A server that answers each request with the raw bytes the test chose, and counts connections. */
describe('the gateway\'s upstream connections', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  const sockets = new Set<Socket>();
  let answer: (socket: Socket, request: string) => void = () => {};

  before(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1');
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(end + 4 + length);
        answer(socket, request);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const pool = () => new ConnectionPool({ host: '127.0.0.1', port, tls: false });
  const head = 'POST / HTTP/1.1\r\nhost: test\r\ncontent-length: 3';

  it('sends the request in one piece and reuses the connection for the next', async () => {
    const seen: string[] = [];
    answer = (socket, request) => {
      seen.push(request);
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nX-Amzn-RequestId: r1\r\nContent-Length: 5\r\n\r\n<ok/>');
    };
    const before = connections;
    const client = pool();
    const first = await client.request(head, Buffer.from('a=1'));
    const second = await client.request(head, Buffer.from('a=2'));
    client.close();
    assert.deepEqual({ ...first, body: first.body.toString() }, { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'r1', 'content-length': '5' }, body: '<ok/>' });
    assert.equal(second.body.toString(), '<ok/>');
    assert.deepEqual(seen, [`${head}\r\n\r\na=1`, `${head}\r\n\r\na=2`]);
    assert.equal(connections - before, 1);
  });

  it('reads chunked answers split across packets, and answers that end with the connection', async () => {
    answer = (socket) => {
      socket.write('HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<Err>\r\n');
      setTimeout(() => socket.write('6\r\n</Err>\r\n0\r\n\r\n'), 10);
    };
    const client = pool();
    const chunked = await client.request(head, Buffer.from('a=1'));
    assert.equal(chunked.status, 400);
    assert.equal(chunked.body.toString(), '<Err></Err>');
    answer = (socket) => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it');
    const unframed = await client.request(head, Buffer.from('a=1'));
    assert.equal(unframed.body.toString(), 'all of it');
    client.close();
  });

  it('opens a new connection when the server closed the idle one, and rejects when one dies mid-answer', async () => {
    answer = (socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    const client = pool();
    await client.request(head, Buffer.from('a=1'));
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = connections;
    assert.equal((await client.request(head, Buffer.from('a=2'))).body.toString(), 'ok');
    assert.equal(connections - before, 1);
    answer = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => socket.destroy(), 10);
    };
    await assert.rejects(client.request(head, Buffer.from('a=3')), /closed the connection before answering/);
    client.close();
  });

  it('speaks TLS to an https upstream, checking its certificate', async (context) => {
    const folder = mkdtempSync(join(tmpdir(), 'cirro-tls-'));
    try {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem'),
        '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { encoding: 'utf8' });
      if (made.error || made.status !== 0) return context.skip('openssl is not available to make a test certificate');
      const cert = readFileSync(join(folder, 'cert.pem'), 'utf8');
      const secure = createHttpsServer({ key: readFileSync(join(folder, 'key.pem')), cert }, (request, response) => {
        request.resume().on('end', () => response.writeHead(200, { 'content-type': 'text/xml' }).end(`<sni>${request.headers.host}</sni>`));
      });
      await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
      const securePort = (secure.address() as AddressInfo).port;
      try {
        const trusted = new ConnectionPool({ host: 'localhost', port: securePort, tls: true, ca: cert });
        const answer = await trusted.request('POST / HTTP/1.1\r\nhost: localhost\r\ncontent-length: 3', Buffer.from('a=1'));
        assert.equal(answer.body.toString(), '<sni>localhost</sni>');
        trusted.close();
        const untrusted = new ConnectionPool({ host: 'localhost', port: securePort, tls: true });
        await assert.rejects(untrusted.request('POST / HTTP/1.1\r\nhost: localhost\r\ncontent-length: 3', Buffer.from('a=1')), /self[- ]signed/i);
        untrusted.close();
      } finally {
        secure.closeAllConnections();
        await new Promise<void>((resolve) => secure.close(() => resolve()));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
