// `answers` (the readiness and quiet-server check) must not leave a connection open behind it: a server with a
// connection limit (waitress's connection_limit) would count it against the connections being measured.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answers } from '../../harness/servers/readiness.js';

describe('answers', () => {
  let server: http.Server;
  let url: string;
  let status = 200;

  before(async () => {
    server = http.createServer((_request, response) => {
      response.statusCode = status;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const openConnections = (): Promise<number> => new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

  it('is true for a 2xx answer and false for a 503', async () => {
    status = 200;
    assert.equal(await answers(url), true);
    status = 503;
    assert.equal(await answers(url), false);
    status = 200;
  });

  it('is false where nothing listens', async () => {
    assert.equal(await answers('http://127.0.0.1:1/health'), false);
  });

  it('leaves no connection open once it has its answer', async () => {
    for (let i = 0; i < 3; i += 1) assert.equal(await answers(url), true);
    // The server sees the close within a few event-loop turns; a kept-alive connection would stay for seconds.
    let open = await openConnections();
    for (let waited = 0; open > 0 && waited < 500; waited += 50) {
      await sleep(50);
      open = await openConnections();
    }
    assert.equal(open, 0, `${open} connection(s) still open 500 ms after the last check`);
  });
});
