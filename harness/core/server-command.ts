// The exact command line that launches a profile's real server.
import { APPS } from './apps.js';
import type { ResolvedProfile } from './resolve-profile.js';

export interface ServerCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** Directory the command runs in: the apps directory, so `module:app` imports resolve. */
  readonly cwd: string;
}

export interface CommandContext {
  readonly python: string;
  readonly appsDir: string;
  readonly host: string;
  readonly port: number;
  /** CPUs to pin the server to with taskset (e.g. "1"). Default: not pinned. */
  readonly cpus?: string;
}

const GUNICORN_WORKER_CLASS: Readonly<Record<string, string>> = {
  sync: 'sync',
  gthread: 'gthread',
  gevent: 'gevent',
  eventlet: 'eventlet',
  uvicorn: 'uvicorn.workers.UvicornWorker',
};

const optionalFlag = (flag: string, value: number | undefined): string[] => (value === undefined ? [] : [flag, String(value)]);

const buildArgs = (profile: ResolvedProfile, context: CommandContext): string[] => {
  const target = `${APPS[profile.app].module}:app`;
  const { host, port } = context;
  switch (profile.server) {
    case 'flask-dev':
      return ['run_flask_dev.py', '--app', APPS[profile.app].module, '--host', host, '--port', String(port), ...(profile.settings.threaded ? [] : ['--single'])];
    case 'waitress': {
      const { threads, connectionLimit, channelTimeout } = profile.settings;
      return ['-m', 'waitress', `--listen=${host}:${port}`, `--threads=${threads}`, `--connection-limit=${connectionLimit}`, `--channel-timeout=${channelTimeout}`, target];
    }
    case 'gunicorn': {
      const s = profile.settings;
      return [
        '-m', 'gunicorn',
        '--bind', `${host}:${port}`,
        '--workers', String(s.workers),
        '--worker-class', GUNICORN_WORKER_CLASS[s.workerClass]!,
        ...optionalFlag('--threads', s.threads),
        ...optionalFlag('--worker-connections', s.workerConnections),
        ...optionalFlag('--timeout', s.timeout),
        ...optionalFlag('--graceful-timeout', s.gracefulTimeout),
        ...optionalFlag('--keep-alive', s.keepalive),
        ...optionalFlag('--max-requests', s.maxRequests),
        ...optionalFlag('--max-requests-jitter', s.maxRequestsJitter),
        target,
      ];
    }
    case 'uvicorn':
      return ['-m', 'uvicorn', '--host', host, '--port', String(port), ...(profile.settings.reload ? ['--reload'] : []), target];
  }
};

export const buildServerCommand = (profile: ResolvedProfile, context: CommandContext): ServerCommand =>
  context.cpus
    ? { file: 'taskset', args: ['-c', context.cpus, context.python, ...buildArgs(profile, context)], cwd: context.appsDir }
    : { file: context.python, args: buildArgs(profile, context), cwd: context.appsDir };

/** The command as one shell-quoted line, for reports and error messages. */
export const formatCommandLine = (command: ServerCommand): string =>
  [command.file, ...command.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", "'\\''")}'`)).join(' ');
