import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryRows } from '../../harness/core/memory-rows.js';
import type { ProbeResult } from '../../harness/core/probe-spec.js';
import { memoryTable } from '../../harness/render/claims-table.js';
import { fakeRepeat, measuredCell } from '../fixtures/fake-repeats.js';

const idle = (profile: string, mb: number, processes: number): ProbeResult => ({ profile, kind: 'memory', key: 'memory', value: mb, details: { processes } });

describe('memoryRows', () => {
  const cells = [
    measuredCell('gunicorn-sync', 'health', 10, [fakeRepeat({ rssBytes: 70e6 }), fakeRepeat({ rssBytes: 72e6 })]),
    measuredCell('gunicorn-sync', 'upload', 10, [fakeRepeat({ rssBytes: 90e6 })]),
    measuredCell('waitress-like', 'io', 10, [fakeRepeat({ rssBytes: 40e6 })]),
  ];
  const rows = memoryRows(['gunicorn-sync', 'waitress-like', 'flask-dev'], cells, [idle('gunicorn-sync', 65.7, 2), idle('waitress-like', 35.2, 1)]);

  it("gives each profile its memory at rest and its peak over all of its cells, naming that cell", () => {
    assert.deepEqual(rows[0], { profile: 'gunicorn-sync', idleMB: 65.7, processes: 2, peakUnderLoadMB: 90, peakCell: 'gunicorn-sync/upload@10' });
    assert.deepEqual(rows[1], { profile: 'waitress-like', idleMB: 35.2, processes: 1, peakUnderLoadMB: 40, peakCell: 'waitress-like/io@10' });
  });

  it('leaves a dash where nothing was measured', () => {
    assert.deepEqual(rows[2], { profile: 'flask-dev', idleMB: null, processes: null, peakUnderLoadMB: null, peakCell: null });
    assert.deepEqual(memoryTable(rows).rows[2], ['flask-dev', '–', '–', '–', '–']);
    assert.deepEqual(memoryTable(rows).rows[0], ['gunicorn-sync', '65.7 MB', '2', '90.0 MB', 'gunicorn-sync/upload@10']);
  });
});
