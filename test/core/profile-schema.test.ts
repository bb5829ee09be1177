import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseProfile, ProfileError } from '../../harness/core/profile-validation.js';
import { waitressData } from '../fixtures/fake-profiles.js';

const SOURCE = 'profiles/x.yaml';

/** The message parseProfile throws for this data, or fails the test if it accepts it. */
const rejection = (data: unknown): string => {
  try {
    parseProfile(data, SOURCE);
  } catch (error) {
    assert.ok(error instanceof ProfileError, `expected a ProfileError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the profile was accepted');
};

describe('the profile schema', () => {
  it('accepts a valid waitress profile and keeps its settings', () => {
    const profile = parseProfile(waitressData(), SOURCE);
    assert.equal(profile.server, 'waitress');
    assert.deepEqual(profile.settings, { threads: 4, connectionLimit: 100, channelTimeout: 60 });
  });

  it('accepts a gunicorn worker count written as a formula over cores', () => {
    const profile = parseProfile(waitressData({ server: 'gunicorn', settings: { workers: '(2 * cores) + 1', workerClass: 'sync' } }), SOURCE);
    assert.equal(profile.server === 'gunicorn' && profile.settings.workers, '(2 * cores) + 1');
  });

  it('rejects a worker count that is neither a number nor a formula', () => {
    const message = rejection(waitressData({ server: 'gunicorn', settings: { workers: 'two', workerClass: 'sync' } }));
    assert.match(message, /settings\.workers/);
    assert.match(message, /"two"/);
  });

  it('rejects a production profile that names no counterpart', () => {
    const message = rejection(waitressData({ counterpart: undefined }));
    assert.match(message, /counterpart/);
  });

  it('accepts a dev profile without a counterpart', () => {
    assert.equal(parseProfile(waitressData({ server: 'flask-dev', mode: 'dev', counterpart: undefined, settings: { threaded: true } }), SOURCE).mode, 'dev');
  });

  it('rejects waitress serving the fastapi app', () => {
    const message = rejection(waitressData({ app: 'fastapi' }));
    assert.match(message, /app/);
    assert.match(message, /"fastapi"/);
  });

  it('rejects uvicorn serving a WSGI app', () => {
    const message = rejection(waitressData({ server: 'uvicorn', settings: { reload: false } }));
    assert.match(message, /app/);
    assert.match(message, /"flask"/);
  });

  it('rejects the uvicorn worker class for the flask app', () => {
    const message = rejection(waitressData({ server: 'gunicorn', settings: { workers: 2, workerClass: 'uvicorn' } }));
    assert.match(message, /settings\.workerClass/);
  });

  it('rejects an unknown server, naming the value', () => {
    const message = rejection(waitressData({ server: 'nginx' }));
    assert.match(message, /server/);
    assert.match(message, /"nginx"/);
  });

  it('rejects settings that belong to another server', () => {
    const message = rejection(waitressData({ settings: { threads: 4, connectionLimit: 100, channelTimeout: 60, workers: 2 } }));
    assert.match(message, /settings: unknown field "workers"/);
  });
});
