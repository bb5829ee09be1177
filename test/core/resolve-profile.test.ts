import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Profile } from '../../harness/core/profile-schema.js';
import { FormulaError } from '../../harness/core/formula.js';
import { resolveProfile } from '../../harness/core/resolve-profile.js';
import { GUNICORN_SYNC_SCALED, GUNICORN_UVICORN, WAITRESS_LIKE } from '../fixtures/fake-profiles.js';

describe('resolveProfile', () => {
  it('turns a worker formula into the count for this machine and records the formula', () => {
    const profile = resolveProfile(GUNICORN_SYNC_SCALED, { cores: 4 });
    assert.equal(profile.server === 'gunicorn' && profile.settings.workers, 9);
    assert.deepEqual(profile.formulas, { workers: '(2 * cores) + 1' });
    assert.equal(profile.cores, 4);
  });

  it('records no formula for a fixed worker count', () => {
    const profile = resolveProfile(GUNICORN_UVICORN, { cores: 4 });
    assert.equal(profile.server === 'gunicorn' && profile.settings.workers, 2);
    assert.deepEqual(profile.formulas, {});
  });

  it('leaves the settings of other servers as they are', () => {
    const profile = resolveProfile(WAITRESS_LIKE, { cores: 8 });
    assert.deepEqual(profile.settings, WAITRESS_LIKE.settings);
    assert.deepEqual(profile.formulas, {});
  });

  it('does not change the profile it was given', () => {
    resolveProfile(GUNICORN_SYNC_SCALED, { cores: 4 });
    assert.equal(GUNICORN_SYNC_SCALED.server === 'gunicorn' && GUNICORN_SYNC_SCALED.settings.workers, '(2 * cores) + 1');
  });

  it('fails when the formula gives no workers on this machine', () => {
    const shrinking: Profile = { ...GUNICORN_SYNC_SCALED, server: 'gunicorn', settings: { workers: 'cores - 2', workerClass: 'sync' } };
    assert.throws(() => resolveProfile(shrinking, { cores: 2 }), FormulaError);
  });
});
