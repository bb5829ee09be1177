// Mounting the Ink view for an interactive run, and taking it down before the final table is printed.
import type { EventEmitter } from 'node:events';
import { render } from 'ink';
import { LiveView } from './LiveView.js';
import { useRunState } from './use-run-state.js';

const ConnectedLiveView = ({ source }: { readonly source: EventEmitter }) => <LiveView state={useRunState(source)} />;

export interface LiveViewHandle {
  readonly stop: () => void;
}

export const startLiveView = (source: EventEmitter, stdout: NodeJS.WriteStream = process.stdout): LiveViewHandle => {
  const instance = render(<ConnectedLiveView source={source} />, { stdout, exitOnCtrlC: false, patchConsole: false });
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      instance.unmount();
      instance.cleanup();
    },
  };
};
