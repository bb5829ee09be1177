import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LedgerError } from '../../harness/core/ledger-validation.js';
import { loadLedgers } from '../../harness/profiles/load-ledgers.js';
import { CLAIMS_DIR } from '../../harness/paths.js';
import { realCatalog } from '../fixtures/real-profiles.js';

/** The ids issue 4 asks for, document by document. */
const REQUIRED = [
  'waitress.dev-single-threaded', 'waitress.four-at-once', 'waitress.hundred-users', 'waitress.colleagues-3x', 'waitress.not-slower', 'waitress.channel-timeout', 'waitress.more-threads',
  'gunicorn-sync.dev-rps', 'gunicorn-sync.per-worker-rps', 'gunicorn-sync.10x', 'gunicorn-sync.memory', 'gunicorn-sync.lower-latency',
  'dxf.six-users', 'dxf.queue-not-fail', 'dxf.health-under-load',
  'eventlet.dev-baseline', 'eventlet.thousand-rps', 'eventlet.thousand-connections', 'eventlet.10x', 'eventlet.startup-3s', 'eventlet.reload-5s',
  'uvicorn.workers-formula', 'uvicorn.gunicorn-beats-standalone', 'uvicorn.max-requests',
];

const CLAIM = `  - id: waitress.four-at-once
    claim: four at once
    quote: "threads=4"
    claimed: 4
    reading: concurrency on io at 10 connections
    test: { shape: cell, cell: { profile: waitress-like, scenario: io, connections: 10 }, metric: concurrency }
    check: { expect: about, value: 4 }
`;

describe('loadLedgers on claims/', () => {
  it('has every claim issue 4 asks for, one ledger per document', () => {
    const claims = loadLedgers(CLAIMS_DIR, realCatalog());
    const ids = claims.map((claim) => claim.id);
    for (const id of REQUIRED) assert.ok(ids.includes(id), `missing ${id}`);
    assert.equal(new Set(claims.map((claim) => claim.document)).size, 5);
    assert.equal(claims.find((claim) => claim.id === 'eventlet.10x')?.document, '003_cf0b3f78eda3488a.txt');
  });
});

describe('loadLedgers on bad ledgers', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-ledgers-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (files: Record<string, string>): (() => unknown) => () => {
    rmSync(dir, { recursive: true, force: true });
    const fresh = mkdtempSync(path.join(tmpdir(), 'bench-ledgers-'));
    dir = fresh;
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(fresh, name), text);
    return loadLedgers(fresh, realCatalog());
  };

  it('loads a good one', () => {
    assert.doesNotThrow(load({ '000_77497803e6276060.yaml': `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM}` }));
  });

  it('names the file, the claim, the field and the bad value', () => {
    const text = `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM.replace('connections: 10 }', 'connections: -3 }')}`;
    assert.throws(load({ '000_77497803e6276060.yaml': text }), (error: Error) => {
      assert.ok(error instanceof LedgerError);
      assert.match(error.message, /000_77497803e6276060\.yaml: claim "waitress\.four-at-once": test\.cell\.connections: .* \(got -3\)$/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  });

  it('refuses a profile that does not exist, and settings the profile does not take', () => {
    const unknown = `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM.replace('profile: waitress-like', 'profile: waitress-huge')}`;
    assert.throws(load({ '000_77497803e6276060.yaml': unknown }), /claim "waitress\.four-at-once": test: no profile named "waitress-huge"/);
    const settings = `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM.replace('profile: waitress-like,', 'profile: waitress-like, settings: { workers: 3 },')}`;
    assert.throws(load({ '000_77497803e6276060.yaml': settings }), /settings for waitress-like.*unknown field "workers"/);
  });

  it('refuses a claim without a check, an id used twice, and a file named for another document', () => {
    assert.throws(load({ '000_77497803e6276060.yaml': `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM.replace(/    check: .*\n/, '')}` }), /check: required for a cell test/);
    assert.throws(load({ '000_77497803e6276060.yaml': `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM}${CLAIM}` }), /claim "waitress\.four-at-once": id already used/);
    assert.throws(load({ '001_76e348376cc99b6f.yaml': `document: 000_77497803e6276060.txt\nclaims:\n${CLAIM}` }), /does not match the file name/);
  });

  it('refuses a reload test on a server that is not gunicorn', () => {
    const reload = CLAIM.replace(/    test: .*\n/, '    test: { shape: reload, profile: { profile: waitress-like }, scenario: health, connections: 10 }\n');
    assert.throws(load({ '000_77497803e6276060.yaml': `document: 000_77497803e6276060.txt\nclaims:\n${reload}` }), /a reload test needs a gunicorn profile, not "waitress-like" \(waitress\)/);
  });
});
