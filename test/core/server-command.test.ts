import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildServerCommand, formatCommandLine, type CommandContext } from '../../harness/core/server-command.js';
import { realResolved } from '../fixtures/real-profiles.js';

const CONTEXT: CommandContext = { python: '/venv/bin/python', appsDir: '/bench/apps', host: '127.0.0.1', port: 8123 };

const argsFor = (name: string, cores = 2): readonly string[] => buildServerCommand(realResolved(name, cores), CONTEXT).args;

/** The value that follows a flag in an argument list. */
const valueOf = (args: readonly string[], flag: string): string | undefined => {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
};

describe('buildServerCommand', () => {
  it('runs the given python in the apps directory', () => {
    const command = buildServerCommand(realResolved('waitress-like'), CONTEXT);
    assert.equal(command.file, '/venv/bin/python');
    assert.equal(command.cwd, '/bench/apps');
  });

  it('launches waitress-like with the settings of its document', () => {
    assert.deepEqual(argsFor('waitress-like'), [
      '-m', 'waitress', '--listen=127.0.0.1:8123', '--threads=4', '--connection-limit=100', '--channel-timeout=60', 'flask_app:app',
    ]);
  });

  it('launches gunicorn-eventlet with one eventlet worker and its timeouts', () => {
    const args = argsFor('gunicorn-eventlet');
    assert.deepEqual(args.slice(0, 4), ['-m', 'gunicorn', '--bind', '127.0.0.1:8123']);
    assert.equal(valueOf(args, '--workers'), '1');
    assert.equal(valueOf(args, '--worker-class'), 'eventlet');
    assert.equal(valueOf(args, '--worker-connections'), '1000');
    assert.equal(valueOf(args, '--timeout'), '120');
    assert.equal(valueOf(args, '--graceful-timeout'), '30');
    assert.equal(valueOf(args, '--keep-alive'), '5');
    assert.equal(args.at(-1), 'flask_app:app');
  });

  it('launches gunicorn-uvicorn with Uvicorn workers, recycled after 1000 ± 50 requests', () => {
    const args = argsFor('gunicorn-uvicorn', 2);
    assert.equal(valueOf(args, '--workers'), '5');
    assert.equal(valueOf(args, '--worker-class'), 'uvicorn.workers.UvicornWorker');
    assert.equal(valueOf(args, '--max-requests'), '1000');
    assert.equal(valueOf(args, '--max-requests-jitter'), '50');
    assert.equal(args.at(-1), 'fastapi_app:app');
  });

  it('passes no gunicorn flag for a setting the profile leaves out', () => {
    const args = argsFor('gunicorn-sync');
    assert.deepEqual(args, ['-m', 'gunicorn', '--bind', '127.0.0.1:8123', '--workers', '1', '--worker-class', 'sync', 'flask_app:app']);
  });

  it('launches flask-dev-single with --single and flask-dev without it', () => {
    assert.deepEqual(argsFor('flask-dev-single'), ['run_flask_dev.py', '--app', 'flask_app', '--host', '127.0.0.1', '--port', '8123', '--single']);
    assert.ok(!argsFor('flask-dev').includes('--single'));
  });

  it('launches uvicorn-dev with --reload and uvicorn without it', () => {
    assert.deepEqual(argsFor('uvicorn-dev'), ['-m', 'uvicorn', '--host', '127.0.0.1', '--port', '8123', '--reload', 'fastapi_app:app']);
    assert.ok(!argsFor('uvicorn').includes('--reload'));
  });
});

describe('formatCommandLine', () => {
  it('leaves plain parts as they are', () => {
    assert.equal(formatCommandLine({ file: 'python', args: ['-m', 'waitress', '--listen=127.0.0.1:80', 'flask_app:app'], cwd: '.' }), 'python -m waitress --listen=127.0.0.1:80 flask_app:app');
  });

  it('quotes parts with spaces so the line can be pasted into a shell', () => {
    assert.equal(formatCommandLine({ file: '/My Env/bin/python', args: ['-c', 'print(1)'], cwd: '.' }), "'/My Env/bin/python' -c 'print(1)'");
  });

  it('escapes single quotes inside a quoted part', () => {
    assert.equal(formatCommandLine({ file: 'python', args: ["it's"], cwd: '.' }), `python 'it'\\''s'`);
  });
});
