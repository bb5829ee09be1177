// hey, the cross-check's reference at a client's pace: its summary read right, and a real run within physics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeySummary, runHey } from '../../harness/load/hey-load.js';
import { startTestServer, type TestServer } from '../fixtures/http-server.js';

const SUMMARY = `
Summary:
  Total:	2.0061 secs
  Slowest:	0.1810 secs
  Fastest:	0.0203 secs
  Average:	0.1180 secs
  Requests/sec:	83.8233

  Total data:	340 bytes
  Size/request:	2 bytes

Latency distribution:
  10% in 0.1102 secs
  25% in 0.1150 secs
  50% in 0.1181 secs
  75% in 0.1200 secs
  90% in 0.1230 secs
  95% in 0.1400 secs
  99% in 0.1625 secs

Details (average, fastest, slowest):
  DNS+dialup:	0.0000 secs, 0.0203 secs, 0.1810 secs

Status code distribution:
  [200]	160 responses
  [503]	6 responses

Error distribution:
  [2]	Get "http://127.0.0.1:1/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)
`;

describe('parseHeySummary', () => {
  it('reads req/s, the latency percentiles in ms, the statuses and the errors', () => {
    const load = parseHeySummary(SUMMARY);
    assert.equal(load.rps, 83.8233);
    assert.equal(load.durationSec, 2.0061);
    assert.ok(Math.abs(load.latencyAnyMs.p50 - 118.1) < 1e-9);
    assert.ok(Math.abs(load.latencyAnyMs.p99 - 162.5) < 1e-9);
    assert.ok(Math.abs(load.latencyAnyMs.mean - 118) < 1e-9);
    assert.ok(Math.abs(load.latencyAnyMs.max - 181) < 1e-9);
    assert.deepEqual(load.statusCodes, { '200': 160, '503': 6 });
    assert.equal(load.non2xx, 6);
    assert.equal(load.requests, 168);
    assert.equal(load.errors, 2);
    assert.equal(load.timeouts, 2);
  });

  it('says what hey printed when there is no summary', () => {
    assert.throws(() => parseHeySummary('flag provided but not defined: -x\n'), /hey printed no summary: flag provided but not defined: -x/);
  });
});

// A real run on loopback: 2 connections on a 20 ms handler for 1 s cannot get more than 2 × 1 s ÷ 20 ms = 100
// answers, nor any in less than 20 ms.
describe('runHey', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ handlerMs: 20 });
  });
  after(async () => {
    await server?.close();
  });

  it('measures a real server within the bounds its handler sets', async () => {
    const { load, generatorCpuPercent } = await runHey({ url: server.url, method: 'GET', connections: 2, durationSec: 1 });
    assert.ok(load.requests >= 20 && load.requests <= 102, `${load.requests} answers`);
    assert.ok(load.latencyAnyMs.p50 >= 20, `p50 ${load.latencyAnyMs.p50} ms`);
    assert.ok(load.rps <= 102, `${load.rps} req/s`);
    assert.equal(load.errors, 0);
    assert.ok(generatorCpuPercent >= 0);
  });

  it('refuses a mix, which hey cannot send', async () => {
    await assert.rejects(runHey({ url: server.url, method: 'GET', connections: 1, durationSec: 1, requests: [{ method: 'GET', path: '/' }] }), /hey cannot send a mix/);
  });
});
