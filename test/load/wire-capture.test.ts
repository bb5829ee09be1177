// The wire check end to end (load/wire-capture.ts, core/wire.ts): tcpdump captures autocannon's real traffic to a
// real server on loopback, and the capture, read back, gives the answers autocannon counted, no faster than the
// server's handler allows, and autocannon's own timing within the cross-check's tolerance of it. Needs tcpdump and
// the right to capture (root, as CI runs): skipped, saying why, where either is missing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { judgeWire, wireLatencies } from '../../harness/core/wire.js';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import { startWireCapture } from '../../harness/load/wire-capture.js';
import { liveGroups } from '../../harness/servers/process-groups.js';
import { startTestServerInChild, type TestServer } from '../fixtures/http-server.js';

const HANDLER_MS = 20;
const CONNECTIONS = 10;

const cannotCapture = ((): string | false => {
  try {
    execFileSync('sh', ['-c', 'command -v tcpdump'], { stdio: 'ignore' });
  } catch {
    return 'tcpdump is not installed';
  }
  return process.getuid?.() === 0 ? false : 'capturing needs root';
})();

const portOf = (url: string): number => Number(new URL(url).port);

for (const closeEach of [false, true]) {
  describe(`the wire check of autocannon against a ${HANDLER_MS} ms handler, ${closeEach ? 'closing the connection after each answer' : 'keep-alive'}`, { skip: cannotCapture }, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServerInChild({ handlerMs: HANDLER_MS, closeEach });
    });

    after(async () => {
      await server?.close();
    });

    it('reads every answer autocannon counted, no faster than the handler, and autocannon timed within tolerance of the wire', async (t) => {
      const port = portOf(server.url);
      const capture = await startWireCapture(port);
      const run = await runAutocannon({ url: server.url, method: 'GET', connections: CONNECTIONS, durationSec: 1.5 });
      const traffic = await capture.stop();
      const wire = wireLatencies(traffic.segments, port);
      const check = judgeWire('autocannon', { requests: run.load.requests, latencyMs: run.load.latencyAnyMs }, wire, traffic.dropped, CONNECTIONS);
      t.diagnostic(`${run.load.requests} answers timed, ${wire.answers} on the wire over ${wire.connections} connections opened; p50 ${run.load.latencyAnyMs.p50} vs ${wire.latencyMs.p50.toFixed(3)} ms, p99 ${run.load.latencyAnyMs.p99} vs ${wire.latencyMs.p99.toFixed(3)} ms; ${traffic.dropped} dropped`);
      assert.equal(traffic.dropped, 0);
      // 10 connections on a 20 ms handler for 1.5 s: about 750 answers; a capture that missed some reads fewer.
      assert.ok(run.load.requests > 100, `${run.load.requests} answers`);
      assert.ok(Math.abs(wire.answers - run.load.requests) <= CONNECTIONS, `${wire.answers} on the wire vs ${run.load.requests} timed`);
      // Node's timers count whole ms from a cached loop time, and fire up to 1 ms early by a finer clock.
      assert.ok(wire.latencyMs.min >= HANDLER_MS - 1, `an answer on the wire in ${wire.latencyMs.min} ms, under the handler's ${HANDLER_MS} ms`);
      // Each connection opened once (keep-alive), or once per request (closing).
      if (closeEach) assert.ok(wire.connections >= wire.answers, `${wire.connections} connections for ${wire.answers} answers`);
      else assert.ok(wire.connections <= CONNECTIONS, `${wire.connections} connections opened`);
      assert.equal(check.verdict, 'agree', check.reasons.join('; '));
      assert.deepEqual(liveGroups(), []);
    });
  });
}

describe('a capture that cannot start', { skip: cannotCapture }, () => {
  it("fails with tcpdump's own words, leaving no process behind", async () => {
    await assert.rejects(startWireCapture(1, 'no-such-interface'), /tcpdump did not start capturing: .*no-such-interface/);
    assert.deepEqual(liveGroups(), []);
  });
});
