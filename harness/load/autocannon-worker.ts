// Entry point of the worker thread autocannon runs on (see autocannon-thread.ts): it runs the load on this
// thread's event loop and posts back each tick, each error and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { runAutocannonHere } from './autocannon-load.js';
import { asBuffer, type ThreadRequest, type ThreadMessage } from './autocannon-thread.js';

const port = parentPort;
if (!port) throw new Error('autocannon-worker.js runs only as a worker thread');
const request = workerData as ThreadRequest;
const post = (message: ThreadMessage): void => port.postMessage(message);
const stopper = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'stop') stopper.abort();
});
runAutocannonHere({
  ...request,
  body: asBuffer(request.body),
  requests: request.requests?.map((r) => ({ ...r, body: asBuffer(r.body) })),
  signal: stopper.signal,
  onStart: () => post({ type: 'start' }),
  onTick: (tick) => post({ type: 'tick', tick }),
  onError: (message) => post({ type: 'error', message }),
}).then(
  (run) => post({ type: 'done', run }),
  (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
