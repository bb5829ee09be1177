// The report of a run: the one structure every renderer reads. Scripts rely on these field names.
import { buildComparisons, type Comparison } from './comparison.js';
import type { RunStatus } from './events.js';
import type { RunPlan } from './plan.js';
import type { ResolvedProfile } from './resolve-profile.js';
import type { ClaimRow } from './claims-report.js';
import { memoryRows, type MemoryRow } from './memory-rows.js';
import { SAME_SPEED_REPEATS, SLOWED_SPEED } from './host-speed.js';
import type { ProbeResult } from './probe-spec.js';
import type { CellResult } from './results.js';
import type { Scenario } from './scenarios.js';
import { CONFIDENCE, MIN_EFFECT } from './statistics.js';

/** Whether servers and generator were pinned to separate cores (--pin), and how. */
export interface PinningRecord {
  readonly requested: boolean;
  readonly applied: boolean;
  readonly generatorCpus: string | null;
  readonly serverCpus: string | null;
  readonly note: string;
}

export const SCHEMA_VERSION = 1;

export interface Environment {
  readonly platform: string;
  readonly kernel: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  /** 1, 5 and 15-minute load averages just before the run. */
  readonly loadAverage: readonly number[];
  readonly node: string;
  readonly python: { readonly path: string; readonly version: string };
  /** Version of each server package, null where it is missing. */
  readonly servers: Readonly<Record<string, string | null>>;
  readonly loadGenerator: { readonly name: 'autocannon'; readonly version: string };
  /** Every load generator bench can use here, with its version; null where it is not installed. */
  readonly generators: Readonly<Record<string, string | null>>;
  readonly bench: { readonly version: string; readonly gitCommit: string | null; readonly gitDirty: boolean | null };
}

/** How a profile ran on this machine: computed settings and the exact command line. */
export interface ProfileRun {
  readonly name: string;
  readonly description: string;
  readonly app: string;
  readonly server: string;
  readonly mode: string;
  readonly counterpart: string | null;
  readonly document: string | null;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly formulas: Readonly<Record<string, string>>;
  readonly commandLine: string | null;
  readonly startupMs: number | null;
  readonly logFile: string | null;
  readonly error: string | null;
}

export interface ProfileLaunch {
  readonly commandLine: string;
  readonly startupMs: number | null;
  readonly logFile: string;
  readonly error: string | null;
}

export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly runId: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: readonly string[];
  readonly method: {
    readonly loadGenerator: string;
    readonly durationSec: number;
    readonly warmupSec: number;
    readonly repeats: number;
    /** Pairs of repeats a cross-check could add to a cell too noisy to judge (see the notes). */
    readonly extraRepeats?: number;
    /** The cells the run set out to measure: results holds those it began, so an interrupted run has fewer. */
    readonly plannedCells?: number;
    readonly connections: readonly number[];
    readonly pinning: PinningRecord;
    readonly notes: readonly string[];
  };
  readonly environment: Environment;
  readonly scenarios: readonly Scenario[];
  readonly profiles: readonly ProfileRun[];
  readonly results: readonly CellResult[];
  readonly comparisons: readonly Comparison[];
  /** What was measured besides cells, for claims (bench claims): memory at rest, start-up, reloads… */
  readonly probes?: readonly ProbeResult[];
  /** The documents' claims this run's measurements cover, each with its verdict (see claims/). */
  readonly claims?: readonly ClaimRow[];
  /** bench claims: each profile's process tree at rest and at its peak under load. */
  readonly memory?: readonly MemoryRow[];
}

export interface ReportInput {
  readonly runId: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: readonly string[];
  readonly plan: RunPlan;
  readonly environment: Environment;
  readonly pinning: PinningRecord;
  readonly launches: ReadonlyMap<string, ProfileLaunch>;
  readonly results: readonly CellResult[];
  readonly probes?: readonly ProbeResult[];
  readonly claims?: readonly ClaimRow[];
}

export const METHOD_NOTES: readonly string[] = [
  'Each cell is one profile × scenario × connection count, measured with autocannon on 127.0.0.1 after an uncounted warm-up, then repeated.',
  'Every repeat starts from a quiet server: bench waits the time the cell\'s bound says leftover requests can take, then until the server\'s CPU is below 10% and /health answers; where that would take over 3 s, or never comes, it restarts the server. Each repeat records which (isolation.method).',
  'rps and each latency percentile are the median over repeats; stats gives the median, mean, and a 95% Student-t interval of the mean for rps and p99. A cell whose interval is wider than ±15% of the median is marked noisy.',
  `Comparisons test the difference of rps between two profiles with Welch's t-test over repeats: significant at p < ${(1 - CONFIDENCE).toFixed(2)} when the means also differ by ${MIN_EFFECT * 100}% of the smaller or more (steady repeats make a 0.3% difference "significant" by the test alone).`,
  'When cross-checking (bench validate, bench self, run --cross-check), each repeat is measured by autocannon and by wrk in alternating order; a figure beyond its tolerance whose repeats spread wider than the tolerance disagrees only if a two-sided Wilcoxon rank-sum test over the two generators\' repeats gives p ≤ 0.05, and is otherwise too noisy to judge; such a cell gets up to method.extraRepeats more pairs of repeats (3 repeats each entirely apart happen 1 time in 10 by chance; 5, 1 time in 126).',
  "wrk's latency is the time it timed each response, as autocannon's and hey's are: bench reads wrk's latency histogram (through its Lua done hook) and takes out the synthetic samples wrk's coordinated-omission correction adds before it prints (for each response slower than twice E, its run's time ÷ its responses per connection, one more at that latency − E, − 2E, … down to E), which can put more requests in flight than there are connections where a few answers are much slower than the rest. The correction is exact, so undoing it is, and it is checked by applying it again; crossCheck's wrk figures carry wrkCorrectionRemoved, the samples taken out.",
  `Where autocannon and wrk differ on latency alone (req/s within 15%, neither saturated) and 1 ms is at most 10% of a connection's cycle, the cell is measured again, as many repeats, at a client's pace: wrk pausing 1 ms before each request (its latency timed from the write, after the pause), then, where that moved wrk's reading but does not agree with autocannon, hey (Go's HTTP client, tens of µs between an answer and the next request, like autocannon's). The cell is pace-dependent, and counts as agreeing, where the pause moved wrk's latency or req/s beyond the tolerance (the pause itself takes at most 10% of the cycle, and lowers the load and the requests in flight by no more than that) and one of them agrees with autocannon on every figure: the server answers a client that sends its next request at once (wrk, a few µs after the answer) in another order. Where the host ran the machine's cores at different speeds across the back-to-back and the paced wrk's repeats (a core below ${SLOWED_SPEED * 100}% of the fastest those repeats ran it), only their repeats at a state of the machine both met ${SAME_SPEED_REPEATS} times or more are compared, and with none the pause is not shown to move the server: a server on one process answers in proportion to its core's speed, whatever the pace (crossCheck.agreement.paceSpeed keeps each repeat's speeds). Where the pause moved wrk's reading and no reading at a client's pace agrees, but none is steadily apart either (each too noisy to judge), the cell is too noisy to judge rather than a disagreement: its difference from the back-to-back wrk is the server's answer to that pace. crossCheck.pacedReferences keeps their figures. Where wrk's own figures break Little's law (req/s × mean latency more than 10% above the connections: its latency cannot be right, and is not compared), hey also measures the cell back-to-back, paced wrk or not, as a second reference; and so it does where the two differ on latency alone but 1 ms would be more than 10% of a connection's cycle (a fast handler: pausing would change the load, not only the pace, so wrk cannot show the server answering by the pace): the cell agrees with a second reference where hey keeps to the law, is not saturated and agrees with autocannon on every figure, and disagrees where hey finds a steady difference.`,
  "On a server of several processes each repeat records the client connections each process held (processConnections, beside processCpuPercent: the sockets it held that it did not before the load, read from /proc/<pid>/fd twice a second) and, where they stayed put while the server held all the load's connections, how many each held (processConnectionsHeld: keep-alive connections stay with the worker that accepted them). Where autocannon and wrk differ (disagree or too noisy) and the workers held the connections differently from repeat to repeat (9+1 against 5+5: which worker accepts a burst of connects is the kernel's and the server's doing, and sets what the server can serve), the cell gets up to method.extraRepeats more pairs until both generators meet one placement; autocannon is then judged on the repeats at that placement alone, and the cell counts as agreeing at the same placement where every figure agrees there. crossCheck.agreement.placement keeps each repeat's placement and that judgement.",
  "Every repeat also records how many client connections the server's whole tree held at each sample (connectionsAccepted): on a server keeping connections alive, how many of the load's it had accepted so far. A connection not yet accepted waits in the kernel's accept queue with its first request, which takes that much longer; where such late connections at the first sample are 1% of a repeat's answers or more (and the counts, three samples at least before the last, did not fall, and the p99 took 250 ms: else none waited, or none reached the p99), they alone can set its p99, and whether a server slow to accept (waitress with CPU-bound threads starving its main loop) gets to 45 or 93 of 100 connects first is a race whichever generator made them. Where autocannon and wrk differ (disagree or too noisy) and some repeat had that many late, the cell gets up to method.extraRepeats more pairs until both have 2 repeats without; autocannon is then judged on those repeats alone, against the back-to-back reference or else the first reference at a client's pace that has them, and the cell counts as agreeing at the same admission where every figure agrees there. crossCheck.agreement.admission keeps the counts and that judgement.",
  'Each cell carries its bound: Little\'s law (requests in flight ÷ the handler\'s floor time) and the cores a CPU-bound handler can use (one per Python process). A cell above its bound is marked boundViolated: a measurement error.',
  'The generator\'s own CPU is measured in every repeat. The cell is marked generatorBound (the generator, not the server, set the pace) when it used 85% of one core or more, or when its CPU divided by the connections, its own share of every request\'s round trip, times 1 ÷ (1 − its CPU as a share of a core) for the wait of a response that arrives while its one event loop is busy (the M/M/1 queue), is 15% or more (at 1 connection its own work is in series with the server\'s), or, unpinned, when server and generator together used 85% of the machine\'s cores or more and the generator 15% of them or more (the server lost what the generator took).',
  'A repeat lasts --duration seconds, or fifteen times the time the bound says the requests in flight need to drain when that is longer (30 s at most unless --duration asks for more): every repeat starts from a quiet server with all connections sending at once, and the window must be long enough for that start, and the requests cut off at its end, to be a small part of it.',
  "rps counts every response, whatever its status, at each connection's own pace: the sum over connections of (answers − 1) ÷ (time from its first to its last answer), so the request each connection still has in flight when the window closes does not make it read low; a connection that got fewer than two answers, or did not answer from near the start to near the end of the window (within two of its own cycles: a connection whose worker was recycled under it), counts its answers ÷ window; and when a tenth or more of the answering connections got a single answer (a queue deeper than the window, which keeps the server busy all through it), the whole repeat is answers ÷ window (each repeat records which, rpsMethod: per-connection, mixed or window; wrk's, in a cross-check, is always answers ÷ window). okRps is rps × the share of 2xx. errors, timeouts and non2xx are reported beside it.",
  'Latency is the time from writing a request to the end of its response, for every 2xx response in the measured time, recorded by bench to the microsecond in an HDR histogram (3 significant digits) from autocannon\'s response events: autocannon\'s own histogram keeps whole milliseconds. A connection\'s first request is written, and timed, once the connection is established (bench\'s patch to autocannon; as wrk does): autocannon queued it as it constructed the client, before every other client was built, and timed it from then.',
  'rssBytes is the peak of the summed resident memory of the server\'s whole process tree (pages shared between forked workers count once per process); cpuPercent is the tree\'s mean CPU over the cell, 100 = one core; machineCpuPercent is the whole machine\'s over each repeat, from /proc/stat (busy = user, nice, system, irq, softirq, steal; 100 = one core, up to the cores × 100; on a cell the median of its repeats): what it holds beyond the server\'s and the generator\'s was other work on the machine, the kernel\'s network processing among it.',
  `Each repeat records the speed of each core of the machine over its load (hostSpeed, 1 = the fastest that core ran since the run began): a small Python process per core, pinned to it at nice 10, times a fixed loop five times a second in its own thread's CPU time (about 0.5% of each core), so waiting behind the server is not counted and the host slowing the core is (on a shared host a virtual core can run at half speed for seconds, unseen by the guest: /proc/stat's steal stays 0). A repeat whose slowest core read below ${SLOWED_SPEED * 100}% is marked host-slowed. When cross-checking, where the generators differ and the cores ran at different speeds across the repeats, the repeats where the machine was in the same state (each core at full speed or slowed alike) are judged alone (more pairs are measured until both generators have ${SAME_SPEED_REPEATS} in one state), and the cell counts as agreeing at the same speed (speed-dependent) where every figure agrees there.`,
  `When cross-checking unpinned on a machine of two cores or more, where autocannon and wrk still differ (disagree or too noisy) or wrk's latency still broke Little's law (reference error), the cell is measured again, as many pairs of repeats, with bench and its generators on CPU 0 and the server's whole tree on the others (taskset, as --pin does from the start; undone after the cell): sharing the cores, a generator's CPU can be taken from the server, and its use of the cores moves where the scheduler runs the server's threads, which decides what a GIL-bound server gets done with its CPU. The cell counts as agreeing pinned apart (pin-dependent) where every figure agrees there. crossCheck.pinned keeps those repeats' figures; crossCheck.agreement.pinned the judgement and the unpinned CPU figures (each generator's, the server's under each, and the server's CPU per answer under each). The report's own figures stay the unpinned ones.`,
  "Where autocannon and wrk still differ, neither saturated, after every reference above, on latency alone (req/s within 15% or within a generator's own noise), or on req/s with the server's CPU within 10% under both (so neither generator took it, and the server spent more per answer under one) and the host's core speeds alike across the repeats or the two apart on the repeats where they were (and not where hey, asked as a second reference, disagreed on req/s with the server's CPU under hey not the same as under autocannon), each measures the cell again, a repeat from a quiet server, with its traffic to the server's port captured by tcpdump on the loopback device (headers only, nanosecond stamps, about 1% of a core; the capture waits 2 s after the load for the kernel to hand over its last segments, and is thrown away once read). A repeat whose p50 or p99 lies outside the range of that generator's repeats over the cell (widened by the tolerance) met the server in another state (the servers of item 15 flip their order of service from repeat to repeat), and is captured again, up to 3 times: the timing is checked in the state the cell's figures come from, or not at all. Read back, each request is timed from its first segment sent to its answer's last segment received, before the connection's next request: what the connection got on the wire, stamped by the kernel outside the generator. The generator's own p50 and p99 over that repeat are judged against the wire's by the latency tolerance (25% or 1 ms), once the wire's answers and the generator's match (no segment dropped; apart by no more than twice the connections) and the repeat stands for the cell's. The cell counts as agreeing against the wire (wire-checked) where autocannon's match: autocannon counted and timed its own answers right, and the difference from wrk is in the answers the server gave each (crossCheck.agreement.wire keeps both checks: wrk's says whether it timed its own right too); it counts as a disagreement where autocannon's do not. Without tcpdump or the right to capture (root or CAP_NET_RAW), the cell stays as judged, and wire.error says why.",
  'The load generator runs on the same machine and shares its cores with the server. autocannon runs on a worker thread of bench\'s own process (whose main thread samples the server\'s process tree from /proc twice a second, a walk of the tree, a fraction of a millisecond); generator.cpuPercent is the whole process\'s CPU; generator.eventLoopDelayMs is how late autocannon\'s event loop ran past a 1 ms timer (the highest p99 and max of the repeats): max bounds how late a response that arrived meanwhile was timed; p99 is over the timer\'s ticks, not the responses.',
];

const describeProfile = (profile: ResolvedProfile, launch: ProfileLaunch | undefined): ProfileRun => ({
  name: profile.name,
  description: profile.description,
  app: profile.app,
  server: profile.server,
  mode: profile.mode,
  counterpart: profile.counterpart ?? null,
  document: profile.document ?? null,
  settings: { ...profile.settings },
  formulas: profile.formulas,
  commandLine: launch?.commandLine ?? null,
  startupMs: launch?.startupMs ?? null,
  logFile: launch?.logFile ?? null,
  error: launch?.error ?? null,
});

export const buildReport = (input: ReportInput): Report => {
  const profiles = input.plan.profiles.map((entry) => entry.profile);
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: input.runId,
    status: input.status,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    command: input.command,
    method: {
      loadGenerator: `autocannon ${input.environment.loadGenerator.version}`,
      durationSec: input.plan.durationSec,
      warmupSec: input.plan.warmupSec,
      repeats: input.plan.repeats,
      extraRepeats: input.plan.extraRepeats,
      plannedCells: input.plan.totalCells,
      connections: input.plan.connections,
      pinning: input.pinning,
      notes: METHOD_NOTES,
    },
    environment: input.environment,
    scenarios: input.plan.scenarios,
    profiles: profiles.map((profile) => describeProfile(profile, input.launches.get(profile.name))),
    results: input.results,
    comparisons: buildComparisons(profiles, input.results),
    ...(input.probes && input.probes.length > 0 ? { probes: input.probes } : {}),
    ...(input.claims ? { claims: input.claims } : {}),
    ...(input.probes?.some((probe) => probe.kind === 'memory') ? { memory: memoryRows(profiles.map((profile) => profile.name), input.results, input.probes) } : {}),
  };
};
