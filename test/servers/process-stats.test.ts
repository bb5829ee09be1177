import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perProcessCpu, summarizeSamples, type TreeSample } from '../../harness/servers/process-stats.js';

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
