import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perProcessShares, summarizeSamples, type TreeSample } from '../../harness/servers/process-stats.js';

/** Each process's CPU alone. */
const perProcessCpu = (samples: readonly TreeSample[]): number[] => perProcessShares(samples).map((share) => share.cpuPercent);

const sample = (atMs: number, cpu: Record<number, number>): TreeSample => ({
  rssBytes: 1,
  cpuPercent: 0,
  processCount: Object.keys(cpu).length,
  atMs,
  cpuSecByPid: new Map(Object.entries(cpu).map(([pid, sec]) => [Number(pid), sec])),
});

test('each process CPU is its own seconds over the wall time between the first and last sample, busiest first', () => {
  // Over 2 s: the master used 0.02 s, worker 11 1.9 s (95% of a core), worker 12 0.2 s (10%).
  const samples = [sample(1000, { 10: 1, 11: 5, 12: 3 }), sample(2000, { 10: 1.01, 11: 6, 12: 3.1 }), sample(3000, { 10: 1.02, 11: 6.9, 12: 3.2 })];
  assert.deepEqual(perProcessCpu(samples), [95, 10, 1]);
  assert.deepEqual(summarizeSamples(samples).processCpuPercent, [95, 10, 1]);
});

test('a process that was not alive at both ends (a recycled worker) is left out', () => {
  const samples = [sample(0, { 10: 0, 11: 1 }), sample(1000, { 10: 0.5, 11: 1.5, 13: 0.4 })];
  assert.deepEqual(perProcessCpu(samples), [50, 50]);
});

test('one sample, one process, or no per-process counters: no split', () => {
  assert.deepEqual(perProcessCpu([sample(0, { 10: 0, 11: 1 })]), []);
  assert.equal(summarizeSamples([sample(0, { 10: 0 }), sample(1000, { 10: 0.5 })]).processCpuPercent, undefined);
  assert.deepEqual(perProcessCpu([{ rssBytes: 1, cpuPercent: 5, processCount: 1 }, { rssBytes: 1, cpuPercent: 5, processCount: 1 }]), []);
});

test('each process’s client connections are the sockets it holds that it did not before the load', () => {
  // The master (10) and two workers share the listening socket 1; each worker has its own socket pair (2, 3).
  const before = new Map([[10, new Set([1])], [11, new Set([1, 2])], [12, new Set([1, 3])]]);
  const withSockets = (atMs: number, cpu: Record<number, number>, sockets: Record<number, readonly number[]>): TreeSample => ({
    ...sample(atMs, cpu),
    socketsByPid: new Map(Object.entries(sockets).map(([pid, inodes]) => [Number(pid), new Set(inodes)])),
  });
  // Four keep-alive connections, 3 on worker 11 and 1 on worker 12, all through; the last sample after the load.
  const held = [
    withSockets(0, { 10: 0, 11: 0, 12: 0 }, { 10: [1], 11: [1, 2, 100, 101, 102], 12: [1, 3, 103] }),
    withSockets(500, { 10: 0, 11: 0.02, 12: 0.005 }, { 10: [1], 11: [1, 2, 100, 101, 102], 12: [1, 3, 103] }),
    withSockets(1000, { 10: 0, 11: 0.04, 12: 0.01 }, { 10: [1], 11: [1, 2], 12: [1, 3] }),
  ];
  assert.deepEqual(perProcessShares(held, { before, connections: 4 }), [
    { cpuPercent: 4, connections: 2, connectionsHeld: 3 },
    { cpuPercent: 1, connections: 0.7, connectionsHeld: 1 },
    { cpuPercent: 0, connections: 0, connectionsHeld: 0 },
  ]);
  const summary = summarizeSamples(held, { before, connections: 4 });
  assert.deepEqual(summary.processConnections, [2, 0.7, 0]);
  assert.deepEqual(summary.processConnectionsHeld, [3, 1, 0]);
  // The whole tree's, sample by sample: 4 held, 4, then none after the load.
  assert.deepEqual(summary.connectionsAccepted, [4, 4, 0]);
  // Held in only one sample, or the load's connections not given: no placement.
  assert.equal(summarizeSamples(held.slice(1), { before, connections: 4 }).processConnectionsHeld, undefined);
  assert.equal(summarizeSamples(held, { before }).processConnectionsHeld, undefined);
  // A server closing every connection: the four are all held at once twice, placed differently; a recycled worker
  // (13) is counted against the sockets the tree held before the load, its own socket pair (300) with them.
  const moving = [
    withSockets(0, { 10: 0, 11: 0, 13: 0 }, { 10: [1], 11: [1, 2, 200, 201, 202], 13: [1, 300] }),
    withSockets(500, { 10: 0, 11: 0.01, 13: 0.01 }, { 10: [1], 11: [1, 2, 203, 204], 13: [1, 300, 205] }),
    withSockets(1000, { 10: 0, 11: 0.02, 13: 0.01 }, { 10: [1], 11: [1, 2, 206], 13: [1, 300, 207, 208] }),
  ];
  assert.deepEqual(summarizeSamples(moving, { before, connections: 4 }).processConnections, [2, 2, 0]);
  assert.equal(summarizeSamples(moving, { before, connections: 4 }).processConnectionsHeld, undefined);
  // No sockets read (one process, or no /proc): nothing recorded.
  assert.equal(summarizeSamples([sample(0, { 10: 0, 11: 0 }), sample(1000, { 10: 0.5, 11: 0.1 })], { connections: 4 }).processConnections, undefined);
});
