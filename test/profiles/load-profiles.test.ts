import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProfileError } from '../../harness/core/profile-validation.js';
import { resolveProfile } from '../../harness/core/resolve-profile.js';
import { loadProfileFile, loadProfiles } from '../../harness/profiles/load-profiles.js';
import { realCatalog, realProfile } from '../fixtures/real-profiles.js';

const SHIPPED = [
  'flask-dev', 'flask-dev-single', 'waitress-like', 'waitress-8-200', 'waitress-2-50',
  'gunicorn-sync', 'gunicorn-sync-scaled', 'gunicorn-gthread', 'gunicorn-gevent', 'gunicorn-eventlet',
  'gunicorn-uvicorn', 'uvicorn-dev', 'uvicorn', 'dxf-limited',
];

const FLASK_DEV_YAML = 'name: flask-dev\ndescription: dev server\napp: flask\nserver: flask-dev\nmode: dev\nsettings:\n  threaded: true\n';

describe('loadProfiles on profiles/', () => {
  it('loads every profile bench ships', () => {
    const names = [...realCatalog().keys()];
    for (const name of SHIPPED) assert.ok(names.includes(name), `missing ${name}`);
  });

  it('reads waitress-like as document 000 configures it', () => {
    const profile = realProfile('waitress-like');
    assert.equal(profile.server, 'waitress');
    assert.deepEqual(profile.settings, { threads: 4, connectionLimit: 100, channelTimeout: 60 });
    assert.equal(profile.counterpart, 'flask-dev');
  });

  it('gives gunicorn-uvicorn 5 workers on 2 cores and 9 on 4, recording the formula', () => {
    const onTwo = resolveProfile(realProfile('gunicorn-uvicorn'), { cores: 2 });
    const onFour = resolveProfile(realProfile('gunicorn-uvicorn'), { cores: 4 });
    assert.equal(onTwo.server === 'gunicorn' && onTwo.settings.workers, 5);
    assert.equal(onFour.server === 'gunicorn' && onFour.settings.workers, 9);
    assert.deepEqual(onFour.formulas, { workers: '(2 * cores) + 1' });
  });

  it('compares every production profile with a dev profile', () => {
    for (const profile of realCatalog().values()) {
      if (profile.mode !== 'production') continue;
      assert.equal(realCatalog().get(profile.counterpart!)?.mode, 'dev', profile.name);
    }
  });
});

describe('loadProfiles on a directory of broken files', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'bench-profiles-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const write = (file: string, text: string): string => {
    const full = path.join(directory, file);
    writeFileSync(full, text);
    return full;
  };

  it('names the file whose YAML does not parse', () => {
    const file = write('broken.yaml', 'name: broken\nsettings: [threads: 4\n');
    assert.throws(() => loadProfileFile(file), (error: unknown) => error instanceof ProfileError && error.message.includes('broken.yaml'));
  });

  it('names the file and the field of a profile that fails the schema', () => {
    const file = write('flask-dev.yaml', FLASK_DEV_YAML.replace('threaded: true', 'threaded: "yes"'));
    assert.throws(() => loadProfileFile(file), (error: unknown) =>
      error instanceof ProfileError && error.message.includes('flask-dev.yaml') && error.message.includes('settings.threaded') && error.message.includes('"yes"'),
    );
  });

  it('rejects a file whose name differs from its name field', () => {
    const file = write('flask-dev-copy.yaml', FLASK_DEV_YAML);
    assert.throws(() => loadProfileFile(file), (error: unknown) =>
      error instanceof ProfileError && error.message.includes('flask-dev-copy.yaml') && error.message.includes('"flask-dev"'),
    );
  });

  it('checks the set: a counterpart missing from the directory is rejected', () => {
    const only = mkdtempSync(path.join(tmpdir(), 'bench-profiles-'));
    try {
      writeFileSync(path.join(only, 'waitress-like.yaml'), 'name: waitress-like\ndescription: w\napp: flask\nserver: waitress\nmode: production\ncounterpart: flask-dev\nsettings:\n  threads: 4\n  connectionLimit: 100\n  channelTimeout: 60\n');
      writeFileSync(path.join(only, 'notes.txt'), 'not a profile');
      assert.throws(() => loadProfiles(only), /waitress-like\.yaml: counterpart: no profile named "flask-dev"/);
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });

  it('loads a directory of valid files keyed by name, ignoring other files', () => {
    const only = mkdtempSync(path.join(tmpdir(), 'bench-profiles-'));
    try {
      writeFileSync(path.join(only, 'flask-dev.yaml'), FLASK_DEV_YAML);
      writeFileSync(path.join(only, 'README.md'), '# profiles');
      assert.deepEqual([...loadProfiles(only).keys()], ['flask-dev']);
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });
});
