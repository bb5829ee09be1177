import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { latencyTimingError, medianLoopLatenessMs, whyGeneratorBound, type GeneratorContext } from '../../harness/core/generator-bound.js';

/** A repeat on a 2-core machine, unpinned, with a server using 60% of a core. */
const on = (overrides: Partial<GeneratorContext>): GeneratorContext => ({ connections: 10, serverCpuPercent: 60, cores: 2, pinned: false, ...overrides });

describe('whyGeneratorBound', () => {
  it('calls a generator on 85% of a core or more saturated, whatever the connections', () => {
    assert.equal(whyGeneratorBound({ name: 'autocannon', cpuPercent: 92 }, on({ connections: 100 })), 'autocannon used 92% of a core');
  });

  it('calls a cell generator-bound when the generator’s work is 15% or more of each connection’s loop', () => {
    // Flask dev server /health at 1 connection: autocannon reconnects for every request.
    assert.match(whyGeneratorBound({ name: 'autocannon', cpuPercent: 55 }, on({ connections: 1 })) ?? '', /autocannon's own work, with the wait for its busy event loop, was about 122% of each request's loop \(55% of a core over 1 connection\)/);
    assert.match(whyGeneratorBound({ name: 'wrk', cpuPercent: 32 }, on({ connections: 2 })) ?? '', /about 24% of each request's loop/);
  });

  it('counts the wait for a busy event loop: 84% of a core over 10 connections is 8.4% of each loop, but about 52% with the wait', () => {
    // flask-dev-single/health@10: autocannon at 79–85% of a core read 2,067–2,682 req/s, wrk at 25–28% 2,893–3,306.
    assert.match(whyGeneratorBound({ name: 'autocannon', cpuPercent: 84 }, on({ connections: 10, serverCpuPercent: 77 })) ?? '', /about 52% of each request's loop \(84% of a core over 10 connections\)/);
    assert.equal(whyGeneratorBound({ name: 'wrk', cpuPercent: 27 }, on({ connections: 10, serverCpuPercent: 97 })), null);
  });

  it('lets the same CPU pass when it is spread over many connections and the cores are not full', () => {
    assert.equal(whyGeneratorBound({ name: 'autocannon', cpuPercent: 55 }, on({ connections: 10 })), null);
    assert.equal(whyGeneratorBound({ name: 'wrk', cpuPercent: 12 }, on({ connections: 1 })), null);
  });

  it('calls a cell generator-bound when server and generator fill the cores and the generator holds a real share', () => {
    // gunicorn-sync-scaled/health@100: 5 workers could use both cores, autocannon took three quarters of one.
    assert.match(whyGeneratorBound({ name: 'autocannon', cpuPercent: 77 }, on({ connections: 100, serverCpuPercent: 118 })) ?? '', /the 2 cores were full \(server 118% \+ autocannon 77%\)/);
  });

  it('does not blame a light generator for full cores, nor any generator when pinned apart from the server', () => {
    assert.equal(whyGeneratorBound({ name: 'wrk', cpuPercent: 20 }, on({ connections: 100, serverCpuPercent: 170 })), null);
    assert.equal(whyGeneratorBound({ name: 'autocannon', cpuPercent: 77 }, on({ connections: 100, serverCpuPercent: 118, pinned: true })), null);
  });
});

describe('latencyTimingError', () => {
  const repeats = (lateness: readonly (number | undefined)[]) =>
    lateness.map((p99) => ({ generator: { name: 'autocannon', cpuPercent: 60, ...(p99 === undefined ? {} : { eventLoopDelayMs: { p99, max: p99 * 3 } }) } }));

  it('takes the median of the repeats’ lateness, so one late repeat does not mark a cell', () => {
    assert.equal(medianLoopLatenessMs(repeats([1, 9, 2])), 2);
    assert.equal(medianLoopLatenessMs(repeats([1, 3])), 2);
    assert.equal(medianLoopLatenessMs(repeats([undefined, undefined])), null);
    assert.equal(latencyTimingError(6.8, repeats([1, 9, 1.2])), null);
  });

  it('marks a p50 whose generator ran later than a quarter of it, or than 1 ms on a fast answer', () => {
    // uvicorn-dev/health@100, pinned: p50 9.35 ms, the loop 4.0 ms late.
    assert.match(latencyTimingError(9.35, repeats([4.0, 4.3, 3.9])) ?? '', /ran 4\.0 ms late at its p99 \(median over the repeats\), more than 25% of the p50 of 9\.35 ms/);
    assert.equal(latencyTimingError(20, repeats([4.0, 4.3, 3.9])), null);
    assert.equal(latencyTimingError(0.3, repeats([0.9, 0.9, 0.9])), null);
    assert.notEqual(latencyTimingError(0.3, repeats([1.1, 1.1, 1.1])), null);
    // wrk's repeats carry no lateness: nothing to say.
    assert.equal(latencyTimingError(0.3, repeats([undefined])), null);
  });
});
