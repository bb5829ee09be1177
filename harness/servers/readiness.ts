// Waiting until a freshly launched server answers, or failing with the reason.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReadinessOptions {
  readonly url: string;
  readonly timeoutMs: number;
  /** Resolves with a description when the process exits before it is ready. */
  readonly exited: Promise<string>;
  readonly signal?: AbortSignal;
}

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * Whether `url` answers 2xx within a second, on a connection of its own that is closed with the answer. fetch kept
 * its connections alive for seconds afterwards (two after three checks), and a server with a connection limit
 * (waitress's connection_limit) counts them against the connections about to be measured.
 */
export const answers = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1000 }, (response) => {
      const status = response.statusCode ?? 0;
      response.on('error', () => resolve(false));
      response.on('end', () => resolve(status >= 200 && status < 300));
      response.resume();
    });
    request.on('timeout', () => request.destroy(new Error('no answer within a second')));
    request.on('error', () => resolve(false));
  });

export const waitUntilReady = async ({ url, timeoutMs, exited, signal }: ReadinessOptions): Promise<Readiness> => {
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) return { ready: false, reason: 'interrupted' };
    if (exitReason !== undefined) return { ready: false, reason: exitReason };
    if (await answers(url)) return { ready: true };
    await sleep(50);
  }
  return { ready: false, reason: `did not answer ${url} within ${timeoutMs / 1000} s` };
};
