// Ctrl+C and SIGTERM: the first stops the run cleanly (servers stopped, partial report written), the second
// exits at once (the exit hook still kills every server group).
import { EXIT_INTERRUPTED_CODE } from './exit-codes.js';

export interface InterruptHandle {
  readonly signal: AbortSignal;
  readonly dispose: () => void;
}

export const handleInterrupts = (say: (message: string) => void): InterruptHandle => {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      say(`${name} again: exiting now`);
      process.exit(EXIT_INTERRUPTED_CODE);
    }
    say(`${name}: stopping the servers and writing the partial report (again to exit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    },
  };
};
