// What the live view shows, derived from the run's events by a pure reducer.
import { describeProbe } from '../core/probe-spec.js';
import type { BenchEvent, LiveSample, RunStatus } from '../core/events.js';
import type { CellSpec } from '../core/plan.js';
import type { CellResult } from '../core/results.js';

export type Phase = 'preparing' | 'starting server' | 'warming up' | 'measuring' | 'stopping server' | 'done';

export interface RunState {
  readonly runId: string | undefined;
  readonly totalCells: number;
  readonly doneCells: number;
  readonly phase: Phase;
  readonly profile: string | undefined;
  readonly cell: CellSpec | undefined;
  /** The repeat being measured and the generator measuring it. */
  readonly repeat: { readonly current: number; readonly total: number; readonly generator: string } | undefined;
  readonly sample: LiveSample | undefined;
  /** The latest informational message (provisioning, for instance). */
  readonly note: string | undefined;
  /** The most recent errors and warnings, newest last. */
  readonly messages: readonly string[];
  readonly results: readonly CellResult[];
  readonly status: RunStatus | undefined;
}

export const INITIAL_RUN_STATE: RunState = {
  runId: undefined,
  totalCells: 0,
  doneCells: 0,
  phase: 'preparing',
  profile: undefined,
  cell: undefined,
  repeat: undefined,
  sample: undefined,
  note: undefined,
  messages: [],
  results: [],
  status: undefined,
};

const MAX_MESSAGES = 5;
const withMessage = (state: RunState, message: string): RunState => ({ ...state, messages: [...state.messages, message].slice(-MAX_MESSAGES) });

export const reduceRunState = (state: RunState, event: BenchEvent): RunState => {
  switch (event.type) {
    case 'run:start':
      return { ...state, runId: event.runId, totalCells: event.totalCells };
    case 'log':
      return event.level === 'info' ? { ...state, note: event.message } : withMessage(state, event.message);
    case 'server:starting':
      return { ...state, phase: 'starting server', profile: event.profile, cell: undefined, sample: undefined };
    case 'server:ready':
      return state;
    case 'server:failed':
      return withMessage(state, `${event.profile}: ${event.error.split('\n')[0]}`);
    case 'server:stopped':
      return { ...state, phase: 'stopping server' };
    case 'cell:start':
      return { ...state, cell: event.cell, repeat: undefined, sample: undefined, phase: 'measuring' };
    case 'cell:repeat':
      return { ...state, repeat: { current: event.repeat, total: event.repeats, generator: event.generator }, sample: undefined, phase: 'measuring' };
    case 'cell:warmup':
      return { ...state, cell: event.cell, sample: undefined, phase: 'warming up' };
    case 'load:tick':
      return { ...state, sample: event.sample, phase: 'measuring' };
    case 'load:error':
      return withMessage(state, `${event.cell.id}: ${event.message}`);
    case 'cell:done':
      return { ...state, doneCells: event.index, sample: undefined, results: [...state.results, event.result] };
    case 'run:done':
      return { ...state, phase: 'done', status: event.status };
    case 'probe:done':
      return withMessage(state, describeProbe(event.result));
  }
};
