// Regression test for bench's autocannon patch (patches/autocannon+8.0.0.patch). Against a server that answers
// "Connection: close", unpatched autocannon wrote the next request on the closing socket, left it queued, and timed
// a later response from it: latency several times the handler's, so rps × latency far above the connections.
// Against a server that resets a connection (gunicorn recycling a worker under max_requests), it kept the
// unanswered request queued across the reconnect and timed every later answer on that connection from the
// request before it. Against a server that closes a connection with a request unanswered (a FIN, not a reset), it
// dropped that request without counting it anywhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import type { GeneratorRun } from '../../harness/load/load-options.js';
import { startTestServer, type TestServer } from '../fixtures/http-server.js';

const HANDLER_MS = 50;
const CONNECTIONS = 10;
const DURATION_SEC = 2;

const describeRun = (run: GeneratorRun): string =>
  `rps ${run.load.rps.toFixed(1)}, latency min ${run.load.latencyMs.min} / mean ${run.load.latencyMs.mean.toFixed(1)} / p50 ${run.load.latencyMs.p50} / p99 ${run.load.latencyMs.p99} / max ${run.load.latencyMs.max} ms, errors ${run.load.errors}`;

/** Every 20th request reset: about two resets per connection in the run. */
const RESET_EVERY = 20;

const CASES = [
  { name: 'answers "Connection: close"', options: { closeEach: true } },
  { name: 'resets a connection now and then, without an answer', options: { resetEvery: RESET_EVERY } },
  { name: 'closes a connection now and then, without an answer', options: { closeEvery: RESET_EVERY } },
  { name: 'answers with keep-alive (control)', options: {} },
] as const;

for (const { name, options } of CASES) {
  describe(`runAutocannon against a server that ${name}`, () => {
    let server: TestServer;
    let run: GeneratorRun;

    before(async () => {
      server = await startTestServer({ handlerMs: HANDLER_MS, ...options });
      run = await runAutocannon({ url: server.url, method: 'GET', connections: CONNECTIONS, durationSec: DURATION_SEC });
    }, { timeout: 10_000 });

    after(async () => {
      await server?.close();
    });

    it('gets answers, all of them 2xx', (t) => {
      t.diagnostic(describeRun(run));
      assert.ok(run.load.requests > 0, describeRun(run));
      assert.equal(run.load.non2xx, 0, describeRun(run));
      if ('resetEvery' in options) assert.ok(run.load.errors > 0, `the server reset no connection: ${describeRun(run)}`);
      if ('closeEvery' in options) {
        // Every closeEvery-th request the server received went unanswered: each is an error. Those the server got
        // are the answers and the errors; a few in flight at the end are neither.
        const received = run.load.requests + run.load.errors;
        const dropped = Math.floor(received / options.closeEvery);
        assert.ok(Math.abs(run.load.errors - dropped) <= CONNECTIONS, `${dropped} requests dropped by the server, ${run.load.errors} errors: ${describeRun(run)}`);
      }
    });

    it(`times the median answer no faster than the handler’s ${HANDLER_MS} ms`, () => {
      assert.ok(run.load.latencyMs.p50 >= HANDLER_MS - 1, describeRun(run));
    });

    it(`keeps Little's law: rps × mean latency is within 25% of the ${CONNECTIONS} connections`, () => {
      const inFlight = (run.load.rps * run.load.latencyMs.mean) / 1000;
      assert.ok(Math.abs(inFlight - CONNECTIONS) <= CONNECTIONS * 0.25, `${inFlight.toFixed(2)} requests in flight; ${describeRun(run)}`);
    });

    it('does not inflate p99 with queued requests: under 3 × the handler’s time', () => {
      assert.ok(run.load.latencyMs.p99 < HANDLER_MS * 3, describeRun(run));
    });
  });
}
