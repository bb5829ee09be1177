// Running a request with what the user sees: the Ink view on a terminal, plain progress lines on stderr otherwise;
// Ctrl+C stops cleanly. Then the report is shown by the command's own renderer, or printed as JSON.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Report } from '../core/report.js';
import { createPlainLog } from '../progress/plain-log.js';
import { renderJson } from '../render/formats.js';
import { runBench, type RunResult } from '../run/run-bench.js';
import { EXIT_INTERRUPTED_CODE, EXIT_OK, EXIT_RUN_FAILED_CODE } from './exit-codes.js';
import { handleInterrupts } from './interrupts.js';
import type { ParsedRequest } from './run-options.js';

export interface ViewOptions {
  /** Only the report JSON on stdout (and no live view). */
  readonly json: boolean;
  /** The report as the command shows it on stdout (without the run directory). */
  readonly render: (report: Report, options: { readonly color: boolean }) => string;
  /** Print nothing at the end: the caller shows the outcome itself. Default: false. */
  readonly silent?: boolean;
}

/** The exit code a finished run gives, before any command-specific verdict. */
export const exitCodeOf = (report: Report): number =>
  report.status === 'completed' ? EXIT_OK : report.status === 'aborted' ? EXIT_INTERRUPTED_CODE : EXIT_RUN_FAILED_CODE;

export const runWithView = async (request: ParsedRequest, options: ViewOptions): Promise<RunResult> => {
  let liveView: { stop: () => void } | undefined;
  const events = new EventEmitter();
  const interactive = process.stdout.isTTY === true && !options.json;
  if (interactive) {
    // Mounted before the run starts, so the view sees every event from the first one.
    const { startLiveView } = await import('../ui/start-live-view.js');
    liveView = startLiveView(events);
  } else {
    events.on('event', createPlainLog((line) => process.stderr.write(line)));
  }
  const interrupts = handleInterrupts((message) => process.stderr.write(`\nbench: ${message}\n`));
  try {
    const result = await runBench({ ...request, emit: (event) => events.emit('event', event), signal: interrupts.signal });
    liveView?.stop();
    if (options.silent) return result;
    if (options.json) process.stdout.write(renderJson(result.report));
    else process.stdout.write(`${options.render(result.report, { color: interactive })}\n\nReport: ${path.join(result.runDir, 'report.md')}\n${result.runDir}\n`);
    return result;
  } finally {
    liveView?.stop();
    interrupts.dispose();
  }
};
