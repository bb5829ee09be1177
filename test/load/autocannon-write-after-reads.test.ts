// Regression test for bench's autocannon patch (patches/autocannon+8.0.0.patch): on a kept-alive connection the
// next request is written after the loop has read every response that arrived in the same turn, as wrk writes it.
// Unpatched, autocannon wrote it from within the response's own read callback, and on loopback each write carries
// the request to the server within the call: every response still unread behind it in that turn was read, and
// timed, that much later. At 100 connections on gunicorn-uvicorn/health its p50 read 5.64 ms where its own traffic
// on the wire took 3.55 ms (wrk: 5.40 against 5.26).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import autocannon from 'autocannon';
import { startTestServerInChild, type TestServer } from '../fixtures/http-server.js';

const CONNECTIONS = 20;

/** autocannon's client, as far as this test looks into it. */
interface ClientInternals {
  readonly reqsMade: number;
}

describe('autocannon’s next request on a kept-alive connection', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServerInChild({ handlerMs: 0 });
  });

  after(async () => {
    await server?.close();
  });

  it('is written after the read callback that completed the answer, and every connection goes on being answered', async () => {
    // For each answer: how many requests its client had written when the answer was reported, and how many when the
    // read callback that parsed it had returned (process.nextTick runs right after it, before the next callback).
    const writtenInCallback: number[] = [];
    const answersPerClient = new Map<unknown, number>();
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: 1 }, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (client: unknown) => {
        const made = (client as ClientInternals).reqsMade;
        answersPerClient.set(client, (answersPerClient.get(client) ?? 0) + 1);
        process.nextTick(() => writtenInCallback.push((client as ClientInternals).reqsMade - made));
      });
    });
    assert.ok(writtenInCallback.length > CONNECTIONS * 10, `${writtenInCallback.length} answers`);
    // Unpatched, every answer's client had written its next request before the callback returned (all 1s).
    assert.deepEqual([...new Set(writtenInCallback)], [0], 'a request was written within the read callback of an answer');
    assert.equal(answersPerClient.size, CONNECTIONS);
    const fewest = Math.min(...answersPerClient.values());
    assert.ok(fewest >= 10, `a connection got only ${fewest} answers in 1 s`);
    assert.equal(result.errors, 0);
  });
});
