// The realistic mix on both generators: each request of the cycle is sent in its share, with its method and body.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildScenario, MIX_CYCLE, UPLOAD_BODY_BYTES } from '../../harness/core/scenarios.js';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import { scenarioLoad } from '../../harness/load/request-body.js';
import type { LoadGenerator } from '../../harness/load/load-options.js';
import { runWrk } from '../../harness/load/wrk-load.js';

interface Seen {
  readonly key: string;
  readonly bytes: number;
}

describe('the mix scenario', () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let baseUrl = '';

  before(async () => {
    server = http.createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        seen.push({ key: `${request.method} ${request.url}`, bytes });
        response.setHeader('Content-Type', 'text/plain');
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const expectedShares = (): Map<string, number> => {
    const shares = new Map<string, number>();
    for (const request of MIX_CYCLE) {
      const key = `${request.method} ${request.path}`;
      shares.set(key, (shares.get(key) ?? 0) + 1 / MIX_CYCLE.length);
    }
    return shares;
  };

  const check = async (generator: LoadGenerator): Promise<void> => {
    seen.length = 0;
    const connections = 3;
    const run = await generator({ ...scenarioLoad(baseUrl, buildScenario('mix')), connections, durationSec: 1 });
    assert.ok(seen.length >= 50, `only ${seen.length} requests arrived`);
    assert.ok(run.load.requests > 0);
    const expected = expectedShares();
    const counts = new Map<string, number>();
    for (const { key } of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), [...expected.keys()].sort(), 'the mix sends exactly its own requests');
    for (const [key, share] of expected) {
      // Each connection may stop anywhere in its cycle: at most one cycle's worth off per connection.
      const count = counts.get(key) ?? 0;
      assert.ok(Math.abs(count - share * seen.length) <= connections * MIX_CYCLE.length * share + 1, `${key}: ${count} of ${seen.length}, expected a share of ${share}`);
    }
    for (const { key, bytes } of seen) assert.equal(bytes, key.startsWith('POST') ? UPLOAD_BODY_BYTES : 0, `${key} carried ${bytes} bytes`);
  };

  it('autocannon sends each request of the cycle in its share, the upload with its body', async () => {
    await check(runAutocannon);
  });

  it('wrk sends each request of the cycle in its share, the upload with its body', async () => {
    await check(runWrk);
  });

  it('bounds a cycle by its mean floor and its fastest answer', () => {
    const mix = buildScenario('mix');
    assert.equal(mix.floorMs, 30, '3 × /io?ms=100 in 10 requests');
    assert.equal(mix.cpuMs, 2, '2 × /cpu?ms=10 in 10 requests');
    assert.equal(mix.minLatencyMs, 0, '/health waits for nothing');
  });
});
