// One repeat's server figures are sampled over the load itself: autocannon starts on a worker thread of its own,
// 0.2–0.5 s before its first request, and a server sampled from before that read idle for part of a 2-second
// repeat (uvicorn/cpu@10: 88% of a core under autocannon, 100% under wrk, at the same req/s, where each request
// costs 10 ms of CPU: 88% could not have served them).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../harness/core/plan.js';
import { buildScenario } from '../../harness/core/scenarios.js';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import { runWrk } from '../../harness/load/wrk-load.js';
import { measureRepeat, type NamedGenerator } from '../../harness/run/measure-repeat.js';
import { asRunningServer, startTestServerInChild, type TestServer } from '../fixtures/http-server.js';
import { realResolved } from '../fixtures/real-profiles.js';

const CPU_MS = 4;

describe("a repeat's server CPU", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServerInChild({ handlerMs: 0, cpuMs: CPU_MS });
  });
  after(async () => {
    await server?.close();
  });

  const measure = async (generator: NamedGenerator) => {
    const scenario = buildScenario('health');
    const plan = buildPlan({ profiles: [realResolved('waitress-like')], scenarios: [scenario], connections: [4], durationSec: 1, warmupSec: 0, repeats: 1 });
    const cell = plan.profiles[0]!.cells[0]!;
    const context = { server: asRunningServer(server), scenario, generator, timeoutSec: 10, emit: () => {}, signal: new AbortController().signal };
    return measureRepeat(cell, context, 1, { method: 'fresh', waitedMs: 0, reason: null });
  };

  // Each answer cost the server CPU_MS of CPU: over the load it used at least answers × CPU_MS ÷ the window.
  for (const generator of [{ name: 'autocannon', run: runAutocannon }, { name: 'wrk', run: runWrk }]) {
    it(`is at least what the answers ${generator.name} counted cost it, over the load and not the generator's start-up`, async (t) => {
      const repeat = await measure(generator);
      const neededPercent = ((repeat.requests * CPU_MS) / 1000 / repeat.durationSec) * 100;
      t.diagnostic(`${repeat.requests} answers in ${repeat.durationSec.toFixed(2)} s need ${neededPercent.toFixed(0)}% of a core; measured ${repeat.cpuPercent.toFixed(0)}% over ${repeat.samples} samples`);
      assert.ok(repeat.samples >= 1, 'sampled');
      assert.ok(neededPercent > 40, `the server was busy: ${neededPercent.toFixed(0)}%`);
      assert.ok(repeat.cpuPercent >= 0.9 * neededPercent, `measured ${repeat.cpuPercent.toFixed(0)}% of a core, where the answers needed ${neededPercent.toFixed(0)}%`);
    });
  }
});
