import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_FORMATS, renderJson } from '../../harness/render/formats.js';
import { renderMarkdown } from '../../harness/render/markdown.js';
import { sampleReport } from '../fixtures/sample-report.js';

describe('renderJson', () => {
  it('round-trips the report', () => {
    const report = sampleReport();
    assert.deepEqual(JSON.parse(renderJson(report)), report);
  });

  it('ends with a newline', () => {
    assert.ok(renderJson(sampleReport()).endsWith('}\n'));
  });
});

describe('REPORT_FORMATS', () => {
  it('writes report.json and report.md', () => {
    assert.deepEqual(REPORT_FORMATS.map((format) => format.fileName), ['report.json', 'report.md']);
  });

  it('renders each file with its renderer', () => {
    const report = sampleReport();
    const byName = new Map(REPORT_FORMATS.map((format) => [format.fileName, format.render(report)]));
    assert.equal(byName.get('report.json'), renderJson(report));
    assert.equal(byName.get('report.md'), renderMarkdown(report));
  });
});
