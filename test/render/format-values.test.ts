import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DASH, formatBytes, formatFailures, formatMs, formatRatio, formatRps } from '../../harness/render/format-values.js';

describe('format-values', () => {
  it('shows fewer decimals as req/s grow', () => {
    assert.deepEqual([formatRps(1234.5), formatRps(45.67), formatRps(3.456)], ['1235', '45.7', '3.46']);
  });

  it('shows milliseconds with their unit', () => {
    assert.deepEqual([formatMs(250.4), formatMs(12.34), formatMs(1.234)], ['250 ms', '12.3 ms', '1.23 ms']);
  });

  it('shows a ratio with ×, and a dash where there is none', () => {
    assert.deepEqual([formatRatio(3), formatRatio(12.34), formatRatio(null), formatRatio(Infinity)], ['3.00×', '12.3×', DASH, DASH]);
  });

  it('shows bytes in binary units', () => {
    assert.deepEqual([formatBytes(512), formatBytes(2048), formatBytes(48 * 1024 ** 2), formatBytes(3 * 1024 ** 3)], ['512 B', '2 KiB', '48.0 MiB', '3.00 GiB']);
  });

  it('counts timeouts apart from the other connection errors', () => {
    assert.equal(formatFailures({ errors: 5, timeouts: 2, non2xx: 1200 }), '3 errors, 2 timeouts, 1,200 non-2xx');
    assert.equal(formatFailures({ errors: 2, timeouts: 2, non2xx: 0 }), '2 timeouts');
    assert.equal(formatFailures({ errors: 0, timeouts: 0, non2xx: 0 }), 'none');
  });
});
