// Requests/s from each connection's pace (harness/core/throughput.ts), on a real loopback server: with requests
// that take a good part of the window, answers ÷ window reads low by the request each connection still has in
// flight when the window closes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import type { GeneratorRun } from '../../harness/load/load-options.js';
import { startTestServer, type TestServer } from '../fixtures/http-server.js';

const HANDLER_MS = 300;
const CONNECTIONS = 2;

describe('runAutocannon requests/s with 300 ms requests in a 1 s window', () => {
  let server: TestServer;
  let run: GeneratorRun;

  before(async () => {
    server = await startTestServer({ handlerMs: HANDLER_MS });
    run = await runAutocannon({ url: server.url, method: 'GET', connections: CONNECTIONS, durationSec: 1 });
  }, { timeout: 10_000 });

  after(async () => {
    await server?.close();
  });

  it('reads the connections’ pace, not answers ÷ window', (t) => {
    const pace = (CONNECTIONS * 1000) / HANDLER_MS; // 6.67 req/s; the answers ÷ window is 6 answers in ~1 s
    const byWindow = run.load.requests / run.load.durationSec;
    t.diagnostic(`rps ${run.load.rps.toFixed(2)}, answers ${run.load.requests} in ${run.load.durationSec} s = ${byWindow.toFixed(2)}, pace ${pace.toFixed(2)}`);
    assert.ok(run.load.rps <= pace * 1.01, `${run.load.rps.toFixed(2)} req/s is above what two connections on a 300 ms handler can do`);
    // Answers ÷ window gives 6 in ~1.01 s = 0.89 × the pace; 0.93 leaves room for a late timer on a busy machine.
    assert.ok(run.load.rps >= pace * 0.93, `${run.load.rps.toFixed(2)} req/s, expected about ${pace.toFixed(2)}`);
  });

  it('keeps okRps equal to rps when every answer is 2xx', () => {
    assert.equal(run.load.okRps, run.load.rps);
  });
});
