import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { markdownTable, renderMarkdown } from '../../harness/render/markdown.js';
import { devOnlyReport, sampleReport } from '../fixtures/sample-report.js';

/** The text of a "## Heading" section, up to the next one. */
const section = (markdown: string, heading: string): string => {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.notEqual(start, -1, `no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(sampleReport());

  it('titles the report with the run id', () => {
    assert.ok(markdown.startsWith('# bench run 2024-01-01T00-00-00Z\n'));
  });

  it('has a comparison table per production profile with its ratio', () => {
    const comparisons = section(markdown, 'Comparisons');
    assert.match(comparisons, /### waitress-like vs flask-dev/);
    assert.match(comparisons, /### gunicorn-sync-scaled vs flask-dev/);
    assert.match(comparisons, /\| io@10 \| 80\.0 ±2% \| 240 ±2% \| 3\.00× \| significant \|/);
    assert.match(comparisons, /\| io@10 \| 80\.0 ±2% \| 200 ±2% \| 2\.50× \| significant \|/);
  });

  it('says so when no production profile ran beside its counterpart', () => {
    assert.match(section(renderMarkdown(devOnlyReport()), 'Comparisons'), /No production profile ran beside its dev-mode counterpart/);
  });

  it('shows the command line each profile ran with', () => {
    const profiles = section(markdown, 'Profiles');
    assert.match(profiles, /`\/venv\/bin\/python -m waitress --listen=127\.0\.0\.1:\d+ --threads=4 --connection-limit=100 --channel-timeout=60 flask_app:app`/);
    assert.match(profiles, /`\/venv\/bin\/python -m gunicorn .*--workers 5 /);
  });

  it('shows a computed setting next to the formula it came from', () => {
    assert.match(section(markdown, 'Profiles'), /workers=5 \(\(2 \* cores\) \+ 1\)/);
  });

  it('describes the method: timing, connections and how figures were measured', () => {
    const method = section(markdown, 'Method');
    assert.match(method, /3 repeat\(s\) of at least 10 s per cell after 2 s of uncounted warm-up; connections: 10, 50\./);
    assert.match(method, /autocannon/);
  });

  it('lists every cell, failed ones included', () => {
    const cells = section(markdown, 'All cells');
    assert.match(cells, /\| gunicorn-sync-scaled \| io@50 \| failed \|/);
  });

  it('records the environment', () => {
    const environment = section(markdown, 'Environment');
    assert.match(environment, /Test CPU, 2 cores, 8\.00 GiB memory/);
    assert.match(environment, /uvicorn missing/);
    assert.match(environment, /bench 0\.1\.0 at 0123456789ab\b/);
  });
});

describe('markdownTable', () => {
  it('escapes pipes and line breaks inside cells', () => {
    assert.equal(markdownTable({ head: ['a'], rows: [['x | y\nz']] }), '| a |\n| --- |\n| x \\| y z |');
  });
});

describe('renderMarkdown: the generator’s timing error', () => {
  it('lists under measurement problems a cell whose generator ran later than a quarter of its p50, and only that cell', () => {
    const report = sampleReport();
    const late = (cellIndex: number, p99: number) => {
      const cell = report.results[cellIndex]!;
      if (cell.status !== 'completed') throw new Error('fixture: a completed cell');
      return { ...cell, repeats: cell.repeats.map((r) => ({ ...r, generator: { ...r.generator, eventLoopDelayMs: { p99, max: p99 * 2 } } })) };
    };
    // waitress-like/io@10: p50 30 ms; a loop 9 ms late is more than 7.5 ms. flask-dev/io@10: p50 62.5 ms, 9 ms is not.
    const results = report.results.map((cell, index) => (index === 2 || index === 0 ? late(index, 9) : cell));
    const problems = section(renderMarkdown({ ...report, results }), 'Measurement problems');
    assert.match(problems, /- waitress-like\/io@10: the load generator's event loop ran 9\.0 ms late at its p99 \(median over the repeats\), more than 25% of the p50 of 30\.00 ms/);
    assert.doesNotMatch(problems, /flask-dev\/io@10: the load generator/);
  });
});
