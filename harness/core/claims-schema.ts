// The schema of a ledger file in claims/: one file per document, each claim with how it was read and how it is
// tested. Data only, checked once when it is read.
import { z } from 'zod';
import { SCENARIO_NAMES } from './scenarios.js';

const positiveInt = z.number().int().positive();
const text = z.string().min(1);

/** Settings laid over a profile's own for one claim (gunicorn's workers for the sweep, 4 workers for memory). */
const settingsOverride = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/** A cell of bench's matrix, on a profile (with settings laid over its own, where the claim needs them). */
export const cellRefSchema = z.strictObject({
  profile: text,
  settings: settingsOverride.optional(),
  scenario: z.enum(SCENARIO_NAMES),
  connections: positiveInt,
});

/**
 * What is read from a measured cell:
 * rps, okRps: requests/s (all answers, 2xx answers); p50, p99: latency of 2xx answers, ms;
 * failedShare: (errors, timeouts among them, + non-2xx) ÷ requests sent; concurrency: 2xx answers/s × the handler's floor
 * time, the requests the server had in its handler at once; servedConnections: connections that got at least one
 * answer; rssMB: the server tree's peak resident memory under the load, in MB (10^6 bytes, as the documents count);
 * cpuPercent: the server tree's CPU over the load, 100 = one core.
 */
export const CELL_METRICS = ['rps', 'okRps', 'p50', 'p99', 'failedShare', 'concurrency', 'servedConnections', 'rssMB', 'cpuPercent'] as const;
export type CellMetric = (typeof CELL_METRICS)[number];

const cellReading = z.strictObject({ cell: cellRefSchema, metric: z.enum(CELL_METRICS) });

const profileRef = z.strictObject({ profile: text, settings: settingsOverride.optional() });

/** How a claim is tested; each shape is one real load shape run on real servers. */
export const claimTestSchema = z.discriminatedUnion('shape', [
  /** One figure of one cell. */
  z.strictObject({ shape: z.literal('cell'), ...cellReading.shape }),
  /** The ratio of two cells' figures (of ÷ to), e.g. a production profile's requests/s over its dev server's. */
  z.strictObject({ shape: z.literal('ratio'), of: cellReading, to: cellReading }),
  /** `users` clients each send one long analysis at the same moment, on `profile` and on `against`: the ratio of
   * the makespans (against ÷ profile). `analysisMs` may stand in for a longer analysis (scaled honestly: the ratio
   * of makespans does not depend on the length when both servers run the same requests). */
  z.strictObject({ shape: z.literal('colleagues'), profile: profileRef, against: profileRef, users: positiveInt, analysisMs: positiveInt }),
  /** Resident memory of the whole process tree, MB (10^6 bytes), idle after start-up. */
  z.strictObject({ shape: z.literal('memory'), profile: profileRef }),
  /** Seconds from launch to the first answer of /health. */
  z.strictObject({ shape: z.literal('startup'), profile: profileRef }),
  /** gunicorn: seconds from SIGHUP until every worker is replaced, under load on `scenario` at `connections`; with
   * `measure: failed`, the requests that failed during the reload instead. */
  z.strictObject({ shape: z.literal('reload'), profile: profileRef, scenario: z.enum(SCENARIO_NAMES), connections: positiveInt, measure: z.enum(['time', 'failed']).optional() }),
  /** gunicorn: the worker count (1 to (4 × cores) + 1) with the highest requests/s; the check compares it with `formula`. */
  z.strictObject({ shape: z.literal('sweep'), profile: profileRef, scenario: z.enum(SCENARIO_NAMES), connections: positiveInt }),
  /** gunicorn with max_requests: requests each worker served between restarts, under `requests` requests. */
  z.strictObject({ shape: z.literal('recycle'), profile: profileRef, connections: positiveInt, requests: positiveInt }),
  /** gunicorn: seconds from SIGKILL to one worker, under load, until the master has replaced it and the server answers. */
  z.strictObject({ shape: z.literal('crash'), profile: profileRef, scenario: z.enum(SCENARIO_NAMES), connections: positiveInt }),
  /** Share of `requests` in-flight requests (each /io?ms=requestMs) answered 2xx when the server gets SIGTERM. */
  z.strictObject({ shape: z.literal('shutdown'), profile: profileRef, requests: positiveInt, requestMs: positiveInt }),
  /** Seconds until the server closes an idle kept-alive connection. */
  z.strictObject({ shape: z.literal('idle'), profile: profileRef, waitSec: positiveInt }),
  /** Share of requests to `paths` answered 2xx within `withinMs` while `scenario` loads the server at `connections`. */
  z.strictObject({ shape: z.literal('probe'), profile: profileRef, scenario: z.enum(SCENARIO_NAMES), connections: positiveInt, paths: z.array(text).min(1), withinMs: positiveInt }),
  /** Not measurable here (WebSockets, Jira, Docker, other hardware): always inconclusive, for this reason. */
  z.strictObject({ shape: z.literal('unmeasured'), reason: text }),
]);
export type ClaimTest = z.infer<typeof claimTestSchema>;
export type ClaimShape = ClaimTest['shape'];

/** How the measured figure is held against the claimed one. */
export const claimCheckSchema = z.discriminatedUnion('expect', [
  /** `value` is the threshold; `figure` the document's own figure where the threshold is not it (a margin for the
   * measurement: "1 request at a time" checked as at most 1.5): the ratio is taken to it. */
  z.strictObject({ expect: z.literal('at-least'), value: z.number(), figure: z.number().optional() }),
  z.strictObject({ expect: z.literal('at-most'), value: z.number(), figure: z.number().optional() }),
  /** Within `tolerance` (a share; default 0.1) of the value. */
  z.strictObject({ expect: z.literal('about'), value: z.number(), tolerance: z.number().positive().max(1).optional() }),
  /** From min to max; the ratio is taken to `value` where the claim names one figure (60 s, read as 60–90 s), else to
   * the middle of the range. */
  z.strictObject({ expect: z.literal('between'), min: z.number(), max: z.number(), value: z.number().optional() }),
]);
export type ClaimCheck = z.infer<typeof claimCheckSchema>;

export const claimSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'a prefix and a name, lower-case, like "waitress.four-at-once"'),
  /** The claim in our own words, with its figures. */
  claim: text,
  /** A short quote of the document's wording. */
  quote: text,
  /** How a vague wording was read: the load, the latency, the error rate that count. */
  reading: text,
  /** The claimed figure as the document gives it, for the table ("100–200 req/s per worker"). */
  claimed: z.union([text, z.number().transform(String)]),
  /** Hardware or setting the claim was made for, where it differs from what bench runs it on. */
  assumes: text.optional(),
  /** The cores the claim is made for, where it names them ("3 workers for 2 CPUs"): judged only on a machine
   * with as many, inconclusive elsewhere. */
  forCores: positiveInt.optional(),
  test: claimTestSchema,
  /** Absent only for an unmeasured claim. */
  check: claimCheckSchema.optional(),
  /** The claim also requires the cells it reads to have failed at most this share of requests (errors, timeouts,
   * non-2xx): "handles 6 users" means they are answered, not refused. */
  maxFailedShare: z.number().min(0).max(1).optional(),
  /** Unit of the measured figure, for the table (req/s, ms, MiB, s, ×, workers, connections). */
  unit: z.string().optional(),
});
export type Claim = z.infer<typeof claimSchema>;

export const ledgerSchema = z.strictObject({
  /** The document's file name in shared/documents. */
  document: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/, 'a file name in shared/documents, like "000_77497803e6276060.txt"'),
  claims: z.array(claimSchema).min(1),
});
export type Ledger = z.infer<typeof ledgerSchema>;
