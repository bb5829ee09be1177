// One profile's server over a run: launched once, restarted where a restart is the honest way to a quiet
// server, and always stopped.
import type { ResolvedProfile } from '../core/resolve-profile.js';
import { launchServer, type LaunchOptions, type RunningServer } from '../servers/launch.js';

export interface SessionOptions {
  readonly profile: ResolvedProfile;
  readonly python: string;
  readonly appsDir: string;
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly startupTimeoutMs?: number;
  /** CPUs to pin the server to (a taskset list such as "1"). Default: not pinned. */
  readonly cpus?: string;
  /** How a server is launched. Default: launchServer (tests pass a fake). */
  readonly launch?: (options: LaunchOptions) => Promise<RunningServer>;
}

export interface ServerSession {
  readonly server: () => RunningServer;
  /** Why the server is gone, when it exited without being asked to. */
  readonly died: () => string | undefined;
  readonly restart: () => Promise<RunningServer>;
  /** The current server is about to be stopped by a signal of bench's own (a shutdown probe): its exit is not a death. */
  readonly expectExit: () => void;
  readonly stop: () => Promise<void>;
  readonly restarts: () => number;
}

export const openServerSession = async (options: SessionOptions): Promise<ServerSession> => {
  const launchOne = options.launch ?? launchServer;
  // Servers bench stopped itself: their exit, however late it is reported, is not a death.
  const stopped = new WeakSet<RunningServer>();
  let died: string | undefined;
  let restarts = 0;
  const launch = async (): Promise<RunningServer> => {
    const server = await launchOne({
      profile: options.profile,
      python: options.python,
      appsDir: options.appsDir,
      logFile: options.logFile,
      signal: options.signal,
      ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      ...(options.cpus ? { cpus: options.cpus } : {}),
    });
    void server.exited.then((how) => {
      if (!stopped.has(server)) died ??= `server ${how} during the run; see ${options.logFile}`;
    });
    return server;
  };
  const stop = async (server: RunningServer): Promise<void> => {
    stopped.add(server);
    await server.stop();
  };
  let current = await launch();
  return {
    server: () => current,
    died: () => died,
    restart: async () => {
      await stop(current);
      restarts += 1;
      current = await launch();
      return current;
    },
    expectExit: () => {
      stopped.add(current);
    },
    stop: () => stop(current),
    restarts: () => restarts,
  };
};
