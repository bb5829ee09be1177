import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openServerSession } from '../../harness/run/server-session.js';
import type { RunningServer } from '../../harness/servers/launch.js';
import { realResolved } from '../fixtures/real-profiles.js';

/** A fake server whose exit is reported `reportDelayMs` after stop() returns, as execa may do for a real one. */
const fakeServers = (reportDelayMs: number) => {
  const launched: { server: RunningServer; exit: (how: string) => void }[] = [];
  const launch = async (): Promise<RunningServer> => {
    let exit: (how: string) => void = () => undefined;
    const exited = new Promise<string>((resolve) => (exit = resolve));
    const server: RunningServer = {
      pid: 1000 + launched.length,
      port: 40000 + launched.length,
      baseUrl: 'http://127.0.0.1:40000',
      commandLine: 'python -m waitress',
      startupMs: 300,
      exited,
      stop: async () => {
        setTimeout(() => exit('exited on SIGTERM'), reportDelayMs);
        return 'exited' as const;
      },
    };
    launched.push({ server, exit });
    return server;
  };
  return { launch, launched };
};

const open = (launch: ReturnType<typeof fakeServers>['launch']) =>
  openServerSession({ profile: realResolved('waitress-2-50'), python: 'python3', appsDir: '/apps', logFile: '/logs/waitress-2-50.log', signal: new AbortController().signal, launch });

describe('openServerSession', () => {
  it('does not take a restarted server’s exit, reported late, for a death', async () => {
    // The bug: waitress-2-50 restarted before io@100, its old server's SIGTERM exit was reported after the
    // restart had begun, and the session failed the ten cells left.
    const { launch, launched } = fakeServers(20);
    const session = await open(launch);
    await session.restart();
    await sleep(60);
    assert.equal(session.died(), undefined);
    assert.equal(session.restarts(), 1);
    assert.equal(session.server(), launched[1]!.server);
  });

  it('reports a server that exits without being asked to, with its log', async () => {
    const { launch, launched } = fakeServers(0);
    const session = await open(launch);
    launched[0]!.exit('exited with code 1');
    await sleep(0);
    assert.equal(session.died(), 'server exited with code 1 during the run; see /logs/waitress-2-50.log');
  });
});
