// Regression test for bench's autocannon patch (patches/autocannon+8.0.0.patch): a client's first requests are sent,
// and timed, once its connection is established. Unpatched, each client queued its first request as it was
// constructed, and autocannon constructs every client (cloning its options and building its request, the whole body
// each time) before any can send: each connection's first answer was timed from before the load could start. At 100
// connections with a 256 KiB body that added up to 100 ms to a hundred answers, enough to set the p99
// (waitress-2-50/upload@100, pinned: p99 110-116 ms against wrk's 57-61).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import autocannon from 'autocannon';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import type { GeneratorRun } from '../../harness/load/load-options.js';
import { buildDxfBody } from '../../harness/load/request-body.js';
import { startTestServerInChild, type TestServer } from '../fixtures/http-server.js';

const HANDLER_MS = 200;
const CONNECTIONS = 100;
/** A body large enough that building the clients takes a noticeable time: 512 KiB, twice the upload scenario's
 * (construction then stalled the first requests 150–180 ms on this machine). */
const BODY = buildDxfBody(512 * 1024);

/** autocannon's client, as far as this test looks into it. */
interface ClientInternals {
  readonly pipelinedRequests: { readonly pendingRequests: readonly unknown[] };
}

describe('autocannon’s first request on each connection', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServerInChild({ handlerMs: HANDLER_MS });
  });

  after(async () => {
    await server?.close();
  });

  it('is not queued, so not timed, before its connection is established', async () => {
    const clients: ClientInternals[] = [];
    let pending: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon({ url: server.url, method: 'POST', body: BODY, connections: 10, duration: 1, setupClient: (client: unknown) => clients.push(client as ClientInternals) } as autocannon.Options, (error, done) =>
        error ? reject(error) : resolve(done),
      );
      // autocannon has constructed every client by now, and none can have connected: the event loop has not turned.
      pending = clients.map((client) => client.pipelinedRequests.pendingRequests.length);
    });
    assert.deepEqual(pending, Array.from({ length: 10 }, () => 0));
    // Once connected, each sends: every connection got answers (about 1 s ÷ 200 ms each).
    assert.ok(result.requests.total >= 10 * 3, `${result.requests.total} answers`);
  });

  describe(`at ${CONNECTIONS} connections with a 1 MiB body`, () => {
    let run: GeneratorRun;
    before(async () => {
      run = await runAutocannon({ url: server.url, method: 'POST', body: BODY, connections: CONNECTIONS, durationSec: 2 });
    });

    it(`keeps the p99 within half the handler’s ${HANDLER_MS} ms of the p50: no answer timed from before the load began`, (t) => {
      const { latencyMs, requests, rps } = run.load;
      t.diagnostic(`${requests} answers, ${rps.toFixed(0)} req/s, latency p50 ${latencyMs.p50} / p99 ${latencyMs.p99} / max ${latencyMs.max} ms`);
      // Each connection's first answer is a tenth of the answers here (about ten per connection in 2 s), so what is
      // added to the first ones is the p99. Measured on this machine: p99 − p50 of 31–55 ms with the patch (the
      // server reading the first 50 MiB at once), 166–176 ms without.
      assert.ok(latencyMs.p50 >= HANDLER_MS - 1, `p50 ${latencyMs.p50} ms`);
      assert.ok(latencyMs.p99 - latencyMs.p50 < HANDLER_MS / 2, `p99 ${latencyMs.p99} ms, p50 ${latencyMs.p50} ms`);
    });
  });
});
