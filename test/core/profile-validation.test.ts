import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCatalog, parseProfile, ProfileError } from '../../harness/core/profile-validation.js';
import { entry, FLASK_DEV, GUNICORN_UVICORN, UVICORN_DEV, WAITRESS_LIKE, waitressData } from '../fixtures/fake-profiles.js';

describe('parseProfile', () => {
  it('names the source file, the field path and the bad value', () => {
    const data = waitressData({ settings: { threads: 'four', connectionLimit: 100, channelTimeout: 60 } });
    assert.throws(
      () => parseProfile(data, 'profiles/x.yaml'),
      (error: unknown) =>
        error instanceof ProfileError &&
        error.message.includes('profiles/x.yaml') &&
        error.message.includes('settings.threads') &&
        error.message.includes('"four"'),
    );
  });

  it('says "nothing" when a required field is missing', () => {
    const data = waitressData();
    delete data['description'];
    assert.throws(() => parseProfile(data, 'profiles/x.yaml'), /profiles\/x\.yaml: description: .*\(got nothing\)/);
  });

  it('rejects an unknown top-level field by name', () => {
    assert.throws(() => parseProfile(waitressData({ colour: 'red' }), 'profiles/x.yaml'), /profiles\/x\.yaml: unknown field "colour"/);
  });

  it('rejects data that is not a mapping', () => {
    assert.throws(() => parseProfile(null, 'profiles/empty.yaml'), (error: unknown) => error instanceof ProfileError && error.message.startsWith('profiles/empty.yaml: '));
  });
});

describe('checkCatalog', () => {
  it('accepts production profiles whose counterparts are dev profiles in the set', () => {
    assert.doesNotThrow(() => checkCatalog([FLASK_DEV, WAITRESS_LIKE, UVICORN_DEV, GUNICORN_UVICORN].map(entry)));
  });

  it('rejects two profiles with the same name, naming the second file', () => {
    const copy = { profile: FLASK_DEV, source: 'profiles/flask-dev-copy.yaml' };
    assert.throws(() => checkCatalog([entry(FLASK_DEV), copy]), (error: unknown) =>
      error instanceof ProfileError && error.message.includes('profiles/flask-dev-copy.yaml') && error.message.includes('"flask-dev"'),
    );
  });

  it('rejects a counterpart that no profile has', () => {
    assert.throws(() => checkCatalog([entry(WAITRESS_LIKE)]), (error: unknown) =>
      error instanceof ProfileError && error.message.includes('profiles/waitress-like.yaml') && error.message.includes('counterpart') && error.message.includes('"flask-dev"'),
    );
  });

  it('rejects a counterpart that is not a dev-mode profile', () => {
    const comparedWithProduction = { ...GUNICORN_UVICORN, name: 'gunicorn-vs-waitress', counterpart: 'waitress-like' };
    assert.throws(() => checkCatalog([FLASK_DEV, WAITRESS_LIKE, comparedWithProduction].map(entry)), (error: unknown) =>
      error instanceof ProfileError && error.message.includes('profiles/gunicorn-vs-waitress.yaml') && /"waitress-like" is not a dev-mode profile/.test(error.message),
    );
  });
});
