// Capturing a load generator's traffic to the server on loopback with tcpdump, while it measures a repeat, to read
// back what its connections got on the wire (core/wire.ts). tcpdump runs in a process group of its own, registered
// like a server's, so that no capture outlives the harness.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { readPcap, type Segment } from '../core/wire.js';
import { registerGroup, signalGroup, unregisterGroup } from '../servers/process-groups.js';
import { stopGroup } from '../servers/stop.js';

/** Bytes kept of each frame: Ethernet (14), IPv6 (40) and TCP with options (up to 60) fit; no payload is needed. */
const SNAP_BYTES = 128;
/** The kernel's buffer for the capture, in KiB: 32 MiB holds some seconds of bench's fastest cells' segments. */
const BUFFER_KIB = 32_768;
/** How long tcpdump has to open the device, and to finish writing once told to stop. */
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
/** Linux hands tcpdump its segments a block at a time, a block once full or once tcpdump's timeout (1 s) passes;
 * the segments of a block still open when tcpdump is stopped are never written (a 1.5 s capture stopped at once
 * missed 120 of 924 answers, none counted as dropped). So the capture waits this long after the load before it
 * stops. tcpdump's --immediate-mode, a wake-up per segment, wrote every segment at once but cost tcpdump 13–20% of
 * a core at 4,000 req/s against about 1% this way, and with it gunicorn-gevent/health@10 served autocannon in
 * another order than over the cell's repeats (p50 2.46 ms against 0.20). */
export const BLOCK_FLUSH_MS = 2_000;

export interface CapturedTraffic {
  readonly segments: readonly Segment[];
  /** Segments the kernel dropped before tcpdump read them, as tcpdump counted. */
  readonly dropped: number;
}

export interface WireCapture {
  /** Stops the capture and reads it back; the capture file is removed. */
  readonly stop: () => Promise<CapturedTraffic>;
  /** Stops the capture at once, reading nothing (after a failed repeat). */
  readonly discard: () => Promise<void>;
}

/** tcpdump's closing count of dropped segments ("0 packets dropped by kernel"). */
export const droppedFrom = (stderr: string): number | null => {
  const match = /(\d+) packets? dropped by kernel/.exec(stderr);
  return match ? Number(match[1]) : null;
};

/** Starts capturing TCP segments to or from `port` on the loopback device; resolves once tcpdump listens. Throws
 * with tcpdump's own words where it cannot (not installed, no permission to capture). */
export const startWireCapture = async (port: number, interfaceName = 'lo'): Promise<WireCapture> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-wire-'));
  const file = path.join(dir, 'capture.pcap');
  const args = ['-i', interfaceName, '-n', '-s', String(SNAP_BYTES), '-B', String(BUFFER_KIB), '--time-stamp-precision=nano', '-w', file];
  // As root, Debian's tcpdump gives up root for its own user after opening the device, which cannot write here.
  if (process.getuid?.() === 0) args.push('-Z', 'root');
  args.push('tcp', 'port', String(port));
  const subprocess = execa('tcpdump', args, { detached: true, cleanup: false, reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', encoding: 'utf8' });
  const pid = subprocess.pid;
  if (pid === undefined) {
    const result = await subprocess;
    await rm(dir, { recursive: true, force: true });
    throw new Error(`tcpdump could not start: ${result.shortMessage}`);
  }
  registerGroup(pid);
  let stderr = '';
  const finished = subprocess.then(() => undefined);
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
    const settle = (): void => {
      if (!/listening on/.test(stderr)) return;
      clearTimeout(timer);
      resolve(true);
    };
    subprocess.stderr?.on('data', (chunk: Buffer | string) => {
      stderr += chunk.toString();
      settle();
    });
    void finished.then(() => {
      clearTimeout(timer);
      resolve(/listening on/.test(stderr));
    });
  });
  const discard = async (): Promise<void> => {
    await stopGroup(pid, 1000);
    unregisterGroup(pid);
    await rm(dir, { recursive: true, force: true });
  };
  if (!listening) {
    await discard();
    const words = stderr.trim().split('\n').filter((line) => line !== '').slice(-2).join(' ');
    throw new Error(`tcpdump did not start capturing: ${words || 'no output'}`);
  }
  return {
    stop: async () => {
      try {
        await new Promise((resolve) => setTimeout(resolve, BLOCK_FLUSH_MS));
        // SIGINT: tcpdump flushes its file and prints its counts.
        signalGroup(pid, 'SIGINT');
        const stopped = await Promise.race([finished.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref())]);
        if (!stopped) throw new Error(`tcpdump did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGINT`);
        const dropped = droppedFrom(stderr);
        if (dropped === null) throw new Error(`tcpdump did not print its counts: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
        return { segments: readPcap(await readFile(file)), dropped };
      } finally {
        await discard();
      }
    },
    discard,
  };
};
