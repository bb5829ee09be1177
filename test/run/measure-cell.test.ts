// measureCell's cross-check repeats, with scripted generators against a real idle server (a test server in a
// child process, so that each repeat's isolation checks a real process and a real /health): a cell too noisy to
// judge after its repeats gets up to plan.extraRepeats more pairs; a decided one gets none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../harness/core/plan.js';
import type { CompletedCell } from '../../harness/core/results.js';
import { buildScenario } from '../../harness/core/scenarios.js';
import type { GeneratorRun } from '../../harness/load/load-options.js';
import { measureCell, type CellOptions } from '../../harness/run/measure-cell.js';
import type { NamedGenerator } from '../../harness/run/measure-repeat.js';
import type { ServerSession } from '../../harness/run/server-session.js';
import { asRunningServer, startTestServerInChild, type TestServer } from '../fixtures/http-server.js';
import { fakeRepeat } from '../fixtures/fake-repeats.js';
import { pairedSegments } from '../fixtures/fake-pcap.js';
import { realResolved } from '../fixtures/real-profiles.js';

/** Real requests to the server for `seconds`, four at a time: enough to give its process a CPU to measure. */
const keepBusy = async (url: string, seconds: number): Promise<void> => {
  const until = Date.now() + seconds * 1000;
  const loop = async (): Promise<void> => {
    while (Date.now() < until) await (await fetch(url)).arrayBuffer();
  };
  await Promise.all([loop(), loop(), loop(), loop()]);
};

/** A generator answering each run with the next p99 of its script (req/s, mean and p50 steady), at `cpu`% of a core,
 * and where `busy`, loading the server for real through the run. */
const scripted = (name: string, p99s: readonly number[], { rps = 1000, meanMs = 50, p50Ms = 50, cpu = 20, busy = false } = {}): NamedGenerator & { readonly runs: () => number } => {
  let runs = 0;
  return {
    name,
    runs: () => runs,
    run: async (options): Promise<GeneratorRun> => {
      const p99 = p99s[Math.min(runs, p99s.length - 1)]!;
      runs += 1;
      if (busy) await keepBusy(options.url, 1);
      const { generator: _generator, ...load } = fakeRepeat({ rps, durationSec: 1, latencyMs: { min: 1, mean: meanMs, p50: p50Ms, p90: p50Ms, p99 } });
      return { load, generatorCpuPercent: cpu };
    },
  };
};

/** A pinApart that pins nothing and records each call in order ("pin <pid>", "server <pid>", "restore <pid>"). */
const recordingPinApart = (): { readonly calls: string[]; readonly pinApart: CellOptions['pinApart'] } => {
  const calls: string[] = [];
  const pinApart: CellOptions['pinApart'] = async (pid) => {
    calls.push(`pin ${pid}`);
    return { generatorCpus: '0', serverCpus: '1', pinServer: async (p) => void calls.push(`server ${p}`), restore: async (p) => void calls.push(`restore ${p}`) };
  };
  return { calls, pinApart };
};

describe('measureCell with a cross-check', () => {
  let server: TestServer;
  let session: ServerSession;

  before(async () => {
    server = await startTestServerInChild({ handlerMs: 0 });
    const running = asRunningServer(server);
    session = { server: () => running, died: () => undefined, restart: async () => running, expectExit: () => {}, stop: async () => {}, restarts: () => 0 };
  });

  after(async () => {
    await server?.close();
  });

  const measure = async (candidate: NamedGenerator, reference: NamedGenerator, extraRepeats: number, paced?: NamedGenerator, hey?: NamedGenerator, pinApart?: CellOptions['pinApart'], captureWire?: CellOptions['captureWire']): Promise<CompletedCell> => {
    const profile = realResolved('waitress-like');
    const scenario = buildScenario('health');
    const plan = buildPlan({ profiles: [profile], scenarios: [scenario], connections: [100], durationSec: 1, warmupSec: 0, repeats: 3, extraRepeats });
    const cell = plan.profiles[0]!.cells[0]!;
    const result = await measureCell({ session, entry: plan.profiles[0]!, cell, scenario, used: false }, { plan, generator: candidate, reference, pacedReferences: [...(paced ? [{ ...paced, pauseMs: 1, sendsMix: true }] : []), ...(hey ? [{ ...hey, pauseMs: null, sendsMix: false }] : [])], emit: () => {}, signal: new AbortController().signal, ...(pinApart ? { pinApart } : {}), ...(captureWire ? { captureWire } : {}) });
    assert.ok(result, 'the cell was measured');
    return result;
  };

  it('adds pairs to a cell too noisy to judge, until the rank-sum test decides it', async () => {
    // 3 repeats each entirely apart, with a wide spread: p = 0.1, noisy; a 4th pair overlapping, p = 0.057; a 5th
    // apart again, p = 0.016.
    const candidate = scripted('autocannon', [111, 117, 154, 100, 118]);
    const reference = scripted('wrk', [78.5, 106, 79.5, 75, 90]);
    const cell = await measure(candidate, reference, 2);
    assert.equal(candidate.runs(), 5);
    assert.equal(reference.runs(), 5);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'disagree');
  });

  it('stops adding pairs at plan.extraRepeats, and leaves the cell noisy', async () => {
    const candidate = scripted('autocannon', [111, 117, 154, 100, 150]);
    const reference = scripted('wrk', [78.5, 106, 79.5, 75, 120]);
    const cell = await measure(candidate, reference, 2);
    assert.equal(candidate.runs(), 5);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'noisy');
  });

  it('adds none to a cell already decided', async () => {
    const candidate = scripted('autocannon', [60, 61, 62]);
    const reference = scripted('wrk', [58, 60, 63]);
    const cell = await measure(candidate, reference, 2);
    assert.equal(candidate.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'agree');
  });

  it('adds none without extraRepeats', async () => {
    const candidate = scripted('autocannon', [111, 117, 154]);
    const reference = scripted('wrk', [78.5, 106, 79.5]);
    const cell = await measure(candidate, reference, 0);
    assert.equal(candidate.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'noisy');
  });

  it('measures a cell whose generators differ on latency alone again with the paced reference, as many repeats, and judges it by that', async () => {
    const candidate = scripted('autocannon', [60, 61, 62]);
    const reference = scripted('wrk', [120, 125, 118]);
    const paced = scripted('wrk pausing 1 ms', [58, 60, 63]);
    const cell = await measure(candidate, reference, 2, paced);
    assert.equal(paced.runs(), 3);
    assert.equal(candidate.runs(), 3, 'a decided cell gets no extra pairs');
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'pace-dependent');
    assert.equal(cell.crossCheck.pacedReferences?.[0]?.repeats.length, 3);
  });

  it('keeps the disagreement where the paced reference differs too', async () => {
    const paced = scripted('wrk pausing 1 ms', [121, 119, 124]);
    const cell = await measure(scripted('autocannon', [60, 61, 62]), scripted('wrk', [120, 125, 118]), 0, paced);
    assert.equal(paced.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'disagree');
  });

  it('does not measure a cell that agrees again', async () => {
    const paced = scripted('wrk pausing 1 ms', [60]);
    const cell = await measure(scripted('autocannon', [60, 61, 62]), scripted('wrk', [58, 60, 63]), 2, paced);
    assert.equal(paced.runs(), 0);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'agree');
  });

  // gunicorn-gevent/health@10: thousands of req/s, a cycle of a few ms, so the 1 ms pause is not taken; wrk's mean
  // put more requests in flight than connections, so only hey can check autocannon's latency.
  it('asks hey, without the paced wrk, where the reference broke Little’s law on a cell too quick to pause, and agrees with it', async () => {
    const quick = { rps: 20_000, meanMs: 4.9, p50Ms: 4.5 };
    const pacedWrk = scripted('wrk pausing 1 ms', [8], quick);
    const hey = scripted('hey', [8.2, 7.9, 8.1], quick);
    const cell = await measure(scripted('autocannon', [8, 8.1, 7.9], quick), scripted('wrk', [8, 8, 8], { ...quick, meanMs: 12 }), 0, pacedWrk, hey);
    assert.equal(pacedWrk.runs(), 0, 'a 1 ms pause would be 20% of a 5 ms cycle');
    assert.equal(hey.runs(), 3);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'second-reference');
    assert.equal(cell.crossCheck.agreement.agrees, true);
    assert.equal(cell.crossCheck.pacedReferences?.[0]?.generator.name, 'hey');
  });

  // gunicorn-gevent/health@10 after item 25: wrk keeps Little's law, differs on p99 alone, and the cycle is too short
  // for a pause to show the server answering by the pace: hey is asked, and judges.
  it('asks hey where the reference kept Little’s law but the pause is too long to test the pace, and agrees with it', async () => {
    const quick = { rps: 20_000, meanMs: 4.9, p50Ms: 4.5 };
    const pacedWrk = scripted('wrk pausing 1 ms', [8], quick);
    const hey = scripted('hey', [8.2, 7.9, 8.1], quick);
    const cell = await measure(scripted('autocannon', [8, 8.1, 7.9], quick), scripted('wrk', [20, 21, 20], quick), 0, pacedWrk, hey);
    assert.equal(pacedWrk.runs(), 0);
    assert.equal(hey.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'second-reference');
  });

  it('stays a disagreement where hey, asked on a cycle too short to pause, finds the same difference as wrk', async () => {
    const quick = { rps: 20_000, meanMs: 4.9, p50Ms: 4.5 };
    const hey = scripted('hey', [20, 19, 21], quick);
    const cell = await measure(scripted('autocannon', [8, 8.1, 7.9], quick), scripted('wrk', [20, 21, 20], quick), 0, scripted('wrk pausing 1 ms', [8], quick), hey);
    assert.equal(hey.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'disagree');
  });

  /** A capture that reads back, for each generator in turn, 1,000 answers (what `scripted` counts over its 1 s)
   * whose p50 is 50 ms and p99 `p99s[i]`; recording the port of each capture and each stop. */
  const fakeCapture = (p99s: readonly number[]): { readonly calls: string[]; readonly captureWire: CellOptions['captureWire'] } => {
    const calls: string[] = [];
    let captures = 0;
    const captureWire: CellOptions['captureWire'] = async (port) => {
      const p99 = p99s[Math.min(captures, p99s.length - 1)]!;
      captures += 1;
      calls.push(`capture ${port}`);
      return {
        stop: async () => {
          calls.push('stop');
          return { segments: pairedSegments(port, Array.from({ length: 1000 }, (_, i) => (i < 985 ? 50 : p99)), 100), dropped: 0 };
        },
        discard: async () => void calls.push('discard'),
      };
    };
    return { calls, captureWire };
  };

  // gunicorn-eventlet/health@100: apart on latency alone, req/s alike, after every reference there is.
  it("measures a cell still apart on latency alone once more per generator under capture, and calls it wire-checked where autocannon's timing is its traffic's", async () => {
    const candidate = scripted('autocannon', [60, 61, 62]);
    const reference = scripted('wrk', [120, 125, 118]);
    const { calls, captureWire } = fakeCapture([61, 121]);
    const cell = await measure(candidate, reference, 0, undefined, undefined, undefined, captureWire);
    assert.equal(candidate.runs(), 4);
    assert.equal(reference.runs(), 4);
    assert.deepEqual(calls, [`capture ${new URL(server.url).port}`, 'stop', `capture ${new URL(server.url).port}`, 'stop']);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'wire-checked');
    assert.equal(cell.crossCheck.agreement.wire?.candidate?.wire.answers, 1000);
    assert.equal(cell.crossCheck.agreement.wire?.reference?.verdict, 'agree');
    assert.equal(cell.repeats.length, 3, 'the repeat under capture is not one of the cell\'s');
  });

  it("stays a disagreement where autocannon's timing is apart from its own traffic on the wire", async () => {
    const { captureWire } = fakeCapture([200, 121]);
    const cell = await measure(scripted('autocannon', [60, 61, 62]), scripted('wrk', [120, 125, 118]), 0, undefined, undefined, undefined, captureWire);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'disagree');
    assert.match(cell.crossCheck.agreement.disagreements.at(-1)!, /on the wire: p99 62\.00 ms timed vs 200 ms on the wire/);
  });

  // gunicorn-gevent/health@10: autocannon's p50 0.20 ms over the cell's repeats, the other order (2.46) in one captured.
  it('captures again where the captured repeat met the server in another state than the cell’s repeats, up to 3 times, and judges the one that stands for them', async () => {
    const candidate = scripted('autocannon', [60, 61, 62, 200, 61]);
    const { calls, captureWire } = fakeCapture([200, 61, 121]);
    const cell = await measure(candidate, scripted('wrk', [120, 125, 118]), 0, undefined, undefined, undefined, captureWire);
    assert.equal(candidate.runs(), 5);
    assert.equal(calls.filter((call) => call === 'stop').length, 3);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'wire-checked');
    assert.equal(cell.crossCheck.agreement.wire?.candidate?.tries, 2);
  });

  it('leaves the cell as judged where no captured repeat stands for the cell’s', async () => {
    const candidate = scripted('autocannon', [60, 61, 62, 200]);
    const { captureWire } = fakeCapture([200, 200, 200, 121]);
    const cell = await measure(candidate, scripted('wrk', [120, 125, 118]), 0, undefined, undefined, undefined, captureWire);
    assert.equal(candidate.runs(), 6);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'disagree');
    assert.equal(cell.crossCheck.agreement.wire?.candidate?.verdict, 'incomplete');
    assert.match(cell.crossCheck.agreement.wire?.candidate?.reasons[0] ?? '', /otherwise than the cell's repeats \(p99 200 ms against 60\.00 ms–62\.00 ms\)/);
  });

  it('keeps the cell, saying why, where the capture cannot start', async () => {
    const captureWire: CellOptions['captureWire'] = async () => {
      throw new Error('tcpdump did not start capturing: You don’t have permission to capture on that device');
    };
    const cell = await measure(scripted('autocannon', [60, 61, 62]), scripted('wrk', [120, 125, 118]), 0, undefined, undefined, undefined, captureWire);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'disagree');
    assert.match(cell.crossCheck.agreement.wire?.error ?? '', /permission/);
  });

  it('captures nothing for a cell that agrees', async () => {
    const { calls, captureWire } = fakeCapture([60]);
    const cell = await measure(scripted('autocannon', [60, 61, 62]), scripted('wrk', [58, 60, 63]), 0, undefined, undefined, undefined, captureWire);
    assert.deepEqual(calls, []);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'agree');
  });

  // waitress-like/upload@10 unpinned: autocannon at 33–40% of a core, the server at 102–106% beside it and 111–116%
  // beside wrk. Here the reference alone loads the server for real, so the server's measured CPU is higher under it.
  it('measures a cell apart, where autocannon took more of a core and the server got less, again pinned apart, and judges it there', async () => {
    const { calls, pinApart } = recordingPinApart();
    const candidate = scripted('autocannon', [60, 61, 62, 60, 61, 62], { cpu: 35 });
    const reference = scripted('wrk', [120, 125, 118, 61, 60, 62], { cpu: 10, busy: true });
    const cell = await measure(candidate, reference, 0, undefined, undefined, pinApart);
    assert.equal(candidate.runs(), 6);
    assert.equal(reference.runs(), 6);
    const pid = server.pid;
    assert.deepEqual(calls, [`pin ${pid}`, ...Array(6).fill(`server ${pid}`), `restore ${pid}`]);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.equal(cell.crossCheck.agreement.verdict, 'pin-dependent');
    assert.equal(cell.crossCheck.pinned?.candidate.repeats.length, 3);
    assert.ok(cell.crossCheck.agreement.pinned!.contention.serverUnderReference > cell.crossCheck.agreement.pinned!.contention.serverUnderCandidate);
  });

  // waitress-2-50/health@100 on 2026-12-06, pinned apart: 3,233 against 3,963 req/s, wrk's own 3,497–4,442 over
  // three repeats, too noisy to judge; unpinned it had had its two extra pairs already.
  it('measures more pairs pinned apart where the pinned repeats are too noisy to judge, up to plan.extraRepeats', async () => {
    const { calls, pinApart } = recordingPinApart();
    // Pinned, wrk's p99 over 30–100 ms is too noisy to judge; one more pair (61 ms) decides it, and no more is taken.
    const candidate = scripted('autocannon', [60, 61, 62, 60, 61, 62, 61, 60], { cpu: 12 });
    const reference = scripted('wrk', [120, 125, 118, 30, 100, 45, 61, 60], { cpu: 10 });
    const cell = await measure(candidate, reference, 2, undefined, undefined, pinApart);
    assert.equal(candidate.runs(), 7);
    assert.equal(reference.runs(), 7);
    const pid = server.pid;
    assert.deepEqual(calls, [`pin ${pid}`, ...Array(8).fill(`server ${pid}`), `restore ${pid}`]);
    assert.ok(cell.crossCheck?.status === 'completed');
    assert.deepEqual(cell.crossCheck.agreement.pinned?.repeats, { candidate: 4, reference: 4 });
    assert.equal(cell.crossCheck.agreement.verdict, 'pin-dependent');
  });

  it('leaves the cell as it was, and says why, where it cannot be pinned apart', async () => {
    const candidate = scripted('autocannon', [60, 61, 62], { cpu: 35 });
    const cell = await measure(candidate, scripted('wrk', [120, 125, 118], { cpu: 10, busy: true }), 0, undefined, undefined, async () => 'this machine has 1 core');
    assert.equal(candidate.runs(), 3);
    assert.equal(cell.crossCheck?.status === 'completed' && cell.crossCheck.agreement.verdict, 'disagree');
  });

  it('measures a cell without a cross-check, as bench run does (no reference repeats to aggregate)', async () => {
    const profile = realResolved('waitress-like');
    const scenario = buildScenario('health');
    const plan = buildPlan({ profiles: [profile], scenarios: [scenario], connections: [100], durationSec: 1, warmupSec: 0, repeats: 2, extraRepeats: 0 });
    const candidate = scripted('autocannon', [60, 61], { cpu: 35 });
    const cell = await measureCell({ session, entry: plan.profiles[0]!, cell: plan.profiles[0]!.cells[0]!, scenario, used: false }, { plan, generator: candidate, pacedReferences: [], emit: () => {}, signal: new AbortController().signal, pinApart: async () => 'not expected' });
    assert.ok(cell);
    assert.equal(candidate.runs(), 2);
    assert.equal(cell.crossCheck, undefined);
  });

  it('asks to pin apart a cell still apart however little more autocannon cost, and not one that agrees', async () => {
    let pinned = 0;
    const pinApart: CellOptions['pinApart'] = async () => {
      pinned += 1;
      return 'this machine has 1 core';
    };
    const apart = await measure(scripted('autocannon', [60, 61, 62], { cpu: 12 }), scripted('wrk', [120, 125, 118], { cpu: 10, busy: true }), 0, undefined, undefined, pinApart);
    assert.equal(pinned, 1);
    assert.equal(apart.crossCheck?.status === 'completed' && apart.crossCheck.agreement.verdict, 'disagree');
    const alike = await measure(scripted('autocannon', [60, 61, 62], { cpu: 12 }), scripted('wrk', [61, 60, 62], { cpu: 10 }), 0, undefined, undefined, pinApart);
    assert.equal(pinned, 1);
    assert.equal(alike.crossCheck?.status === 'completed' && alike.crossCheck.agreement.verdict, 'agree');
  });
});
