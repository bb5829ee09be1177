// `bench validate`: the same cells measured by autocannon and by wrk, repeat by repeat, side by side, with the
// verdict on whether autocannon's figures can be trusted here.
import type { Argv } from 'yargs';
import { tallyCrossCheck } from '../core/cross-check-tally.js';
import { PROFILES_DIR } from '../paths.js';
import { loadProfiles } from '../profiles/load-profiles.js';
import { renderValidationTerminal } from '../render/terminal.js';
import { isValidated } from '../render/validation.js';
import { EXIT_DISAGREE_CODE, EXIT_OK } from './exit-codes.js';
import { describeLoadOptions, parseRunRequest, RUN_DEFAULTS, type RunDefaults } from './run-options.js';
import { exitCodeOf, runWithView } from './run-with-view.js';

/** Every profile on its own (no counterparts), three interleaved pairs of repeats per cell; a 200 ms analysis
 * request, so that a single-threaded server's analysis cells do not take minutes each. */
export const VALIDATE_DEFAULTS: RunDefaults = { ...RUN_DEFAULTS, profile: [], repeats: 3, counterpart: false, crossCheck: true, analysisMs: 200 };

export const describeValidateOptions = (yargs: Argv) =>
  describeLoadOptions(yargs, VALIDATE_DEFAULTS)
    .example('$0 validate', 'every profile, scenario and connection count: autocannon beside wrk')
    .example('$0 validate -p flask-dev -p gunicorn-sync -s health -c 10', 'two profiles that close the connection after each answer')
    .example('$0 validate --quick --pin', 'one pair of repeats per cell, generators and servers on separate cores')
    .epilogue(`References: wrk; hey and wrk pausing 1 ms at a client's pace; tcpdump (root or CAP_NET_RAW) for the wire check of a cell that still differs. As root on Debian bench installs what is missing. Exit codes: 0 every cell that counts agrees; ${EXIT_DISAGREE_CODE} a cell disagrees or could not be checked; 1 a server failed; 2 bad input; 130 interrupted.`);

type ValidateArgs = Awaited<ReturnType<typeof describeValidateOptions>['argv']>;

export const validateCommand = async (args: ValidateArgs, argv: readonly string[]): Promise<number> => {
  const catalog = loadProfiles(PROFILES_DIR);
  const profile = args.profile.length > 0 ? args.profile : [...catalog.keys()];
  const request = parseRunRequest({ ...args, profile }, { catalog, defaults: VALIDATE_DEFAULTS, crossCheck: true, command: argv });
  const { report } = await runWithView(request, { json: args.json, render: renderValidationTerminal });
  const code = exitCodeOf(report);
  if (code !== EXIT_OK) return code;
  return isValidated(tallyCrossCheck(report)) ? EXIT_OK : EXIT_DISAGREE_CODE;
};
