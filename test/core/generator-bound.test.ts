import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { whyGeneratorBound } from '../../harness/core/generator-bound.js';

describe('whyGeneratorBound', () => {
  it('calls a generator on 85% of a core or more saturated, whatever the connections', () => {
    assert.equal(whyGeneratorBound({ name: 'autocannon', cpuPercent: 92 }, 100), 'autocannon used 92% of a core');
  });

  it('calls a cell generator-bound when the generator’s work is 15% or more of each connection’s loop', () => {
    // Flask dev server /health at 1 connection: autocannon reconnects for every request.
    assert.match(whyGeneratorBound({ name: 'autocannon', cpuPercent: 55 }, 1) ?? '', /autocannon's own work was 55% of each request's loop \(55% of a core over 1 connection\)/);
    assert.match(whyGeneratorBound({ name: 'wrk', cpuPercent: 32 }, 2) ?? '', /16% of each request's loop/);
  });

  it('lets the same CPU pass when it is spread over many connections', () => {
    assert.equal(whyGeneratorBound({ name: 'autocannon', cpuPercent: 55 }, 10), null);
    assert.equal(whyGeneratorBound({ name: 'wrk', cpuPercent: 12 }, 1), null);
  });
});
