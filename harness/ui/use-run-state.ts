import type { EventEmitter } from 'node:events';
import { useEffect, useReducer } from 'react';
import type { BenchEvent } from '../core/events.js';
import { INITIAL_RUN_STATE, reduceRunState, type RunState } from './run-state.js';

/** The run state, kept up to date from the 'event' events of `source`. */
export const useRunState = (source: EventEmitter): RunState => {
  const [state, dispatch] = useReducer(reduceRunState, INITIAL_RUN_STATE);
  useEffect(() => {
    const listener = (event: BenchEvent): void => dispatch(event);
    source.on('event', listener);
    return () => {
      source.off('event', listener);
    };
  }, [source]);
  return state;
};
