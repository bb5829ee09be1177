// Exit codes of every bench command, in one place.

export const EXIT_OK = 0;
/** A run finished but some cells failed (a server did not start or died). */
export const EXIT_RUN_FAILED_CODE = 1;
/** Bad input: unknown profile, bad number, malformed file. */
export const EXIT_USAGE_CODE = 2;
export const EXIT_INTERRUPTED_CODE = 130;
/** `bench validate`: autocannon and the reference generator disagree on a cell that counts, or it went unchecked. */
export const EXIT_DISAGREE_CODE = 3;
/** `bench gate`: a gate failed (or, with --strict, was inconclusive). */
export const EXIT_GATE_FAILED_CODE = 99;
