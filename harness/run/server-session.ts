// One profile's server over a run: launched once, restarted where a restart is the honest way to a quiet
// server, and always stopped.
import type { ResolvedProfile } from '../core/resolve-profile.js';
import { launchServer, type RunningServer } from '../servers/launch.js';

export interface SessionOptions {
  readonly profile: ResolvedProfile;
  readonly python: string;
  readonly appsDir: string;
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly startupTimeoutMs?: number;
  /** CPUs to pin the server to (a taskset list such as "1"). Default: not pinned. */
  readonly cpus?: string;
}

export interface ServerSession {
  readonly server: () => RunningServer;
  /** Why the server is gone, when it exited without being asked to. */
  readonly died: () => string | undefined;
  readonly restart: () => Promise<RunningServer>;
  readonly stop: () => Promise<void>;
  readonly restarts: () => number;
}

export const openServerSession = async (options: SessionOptions): Promise<ServerSession> => {
  let current: RunningServer;
  let stopping = false;
  let died: string | undefined;
  let restarts = 0;
  const launch = async (): Promise<RunningServer> => {
    const server = await launchServer({
      profile: options.profile,
      python: options.python,
      appsDir: options.appsDir,
      logFile: options.logFile,
      signal: options.signal,
      ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      ...(options.cpus ? { cpus: options.cpus } : {}),
    });
    void server.exited.then((how) => {
      if (!stopping && current === server) died ??= `server ${how} during the run; see ${options.logFile}`;
    });
    return server;
  };
  current = await launch();
  return {
    server: () => current,
    died: () => died,
    restart: async () => {
      stopping = true;
      await current.stop();
      stopping = false;
      restarts += 1;
      current = await launch();
      return current;
    },
    stop: async () => {
      stopping = true;
      await current.stop();
    },
    restarts: () => restarts,
  };
};
