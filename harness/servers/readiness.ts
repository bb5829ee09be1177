// Waiting until a freshly launched server answers, or failing with the reason.
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReadinessOptions {
  readonly url: string;
  readonly timeoutMs: number;
  /** Resolves with a description when the process exits before it is ready. */
  readonly exited: Promise<string>;
  readonly signal?: AbortSignal;
}

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** Whether `url` answers 2xx within a second. */
export const answers = async (url: string): Promise<boolean> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
};

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
