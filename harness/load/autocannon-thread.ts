// autocannon on a worker thread of its own. On bench's main thread it shared an event loop (and a heap, and
// its garbage collector's pauses) with the live view, the server's output and the process sampler: every
// moment that loop spent elsewhere was added to the latency of each response that arrived meanwhile.
import { Worker } from 'node:worker_threads';
import type { GeneratorRun, LoadOptions, LoadTick } from './load-options.js';

/** What the worker is asked to run: LoadOptions without its callbacks and signal. */
export type ThreadRequest = Omit<LoadOptions, 'onStart' | 'onTick' | 'onError' | 'signal' | 'body' | 'requests'> & {
  readonly body?: Uint8Array | undefined;
  readonly requests?: readonly { readonly method: 'GET' | 'POST'; readonly path: string; readonly body?: Uint8Array | undefined }[] | undefined;
};

/** A buffer arrives on the other thread as a plain Uint8Array: made a Buffer again, without a copy. */
export const asBuffer = (bytes: Uint8Array | undefined): Buffer | undefined =>
  bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;

export type ThreadMessage =
  | { readonly type: 'start' }
  | { readonly type: 'tick'; readonly tick: LoadTick }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'done'; readonly run: GeneratorRun }
  | { readonly type: 'failed'; readonly message: string };

const WORKER_URL = new URL('./autocannon-worker.js', import.meta.url);

export const runAutocannon = (options: LoadOptions): Promise<GeneratorRun> =>
  new Promise((resolve, reject) => {
    const { onStart, onTick, onError, signal, ...rest } = options;
    const request: ThreadRequest = rest;
    const worker = new Worker(WORKER_URL, { workerData: request });
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      finish();
      void worker.terminate();
    };
    const stop = (): void => worker.postMessage('stop');
    worker.on('message', (message: ThreadMessage) => {
      switch (message.type) {
        case 'start':
          return onStart?.();
        case 'tick':
          return onTick?.(message.tick);
        case 'error':
          return onError?.(message.message);
        case 'done':
          return settle(() => resolve(message.run));
        case 'failed':
          return settle(() => reject(new Error(message.message)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`autocannon's worker thread exited (code ${code}) before its result`))));
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
