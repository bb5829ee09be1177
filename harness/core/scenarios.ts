// Named load scenarios: what each request does and the least time its handler can take.

export const SCENARIO_NAMES = ['health', 'io', 'cpu', 'upload', 'analysis', 'mix'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
/** What `bench run`, `validate` and `self` measure unless told otherwise; `mix` is chosen with `-s mix` and by the
 * claims about concurrent users. */
export const DEFAULT_SCENARIO_NAMES: readonly ScenarioName[] = ['health', 'io', 'cpu', 'upload', 'analysis'];

export interface ScenarioOptions {
  /** Length of one /analysis request. Default: 1000 ms. */
  readonly analysisMs: number;
}

/** One request a connection sends. */
export interface ScenarioRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly bodyBytes: number;
  /** Wall time the handler waits at least, whatever the server. */
  readonly floorMs: number;
  /** CPU time the handler burns. */
  readonly cpuMs: number;
}

export interface Scenario extends ScenarioRequest {
  readonly name: ScenarioName;
  readonly description: string;
  /** What each connection sends, in turn, over and over: one request, or a mix. For a mix, method, path and
   * bodyBytes above are its first request's; floorMs and cpuMs are the mean over the cycle (what Little's law and
   * the core bound need: a connection cannot complete a cycle sooner than the sum of its floors). */
  readonly requests: readonly ScenarioRequest[];
  /** No response can come sooner than this: the shortest floor in the cycle. */
  readonly minLatencyMs: number;
}

export const DEFAULT_SCENARIO_OPTIONS: ScenarioOptions = { analysisMs: 1000 };

export const UPLOAD_BODY_BYTES = 256 * 1024;

const HEALTH: ScenarioRequest = { method: 'GET', path: '/health', bodyBytes: 0, floorMs: 0, cpuMs: 0 };
const IO: ScenarioRequest = { method: 'GET', path: '/io?ms=100', bodyBytes: 0, floorMs: 100, cpuMs: 0 };
const CPU: ScenarioRequest = { method: 'GET', path: '/cpu?ms=10', bodyBytes: 0, floorMs: 0, cpuMs: 10 };
const UPLOAD: ScenarioRequest = { method: 'POST', path: '/upload', bodyBytes: UPLOAD_BODY_BYTES, floorMs: 0, cpuMs: 0 };

/**
 * The realistic mix: what a user of the documents' internal tools does, ten requests per cycle. 4 light answers
 * (/health: status polls, static bits), 3 pages that wait on an upstream (/io?ms=100: Jira, a database), 2 that
 * compute (/cpu?ms=10: a report, a price), 1 upload (/upload, 256 KiB: a drawing). Spread over the cycle so that
 * no two heavy requests follow each other.
 */
export const MIX_CYCLE: readonly ScenarioRequest[] = [IO, HEALTH, CPU, HEALTH, IO, UPLOAD, HEALTH, IO, CPU, HEALTH];

const single = (name: ScenarioName, description: string, request: ScenarioRequest): Scenario => ({
  name,
  description,
  ...request,
  requests: [request],
  minLatencyMs: Math.max(request.floorMs, request.cpuMs),
});

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

const mix = (name: ScenarioName, description: string, cycle: readonly ScenarioRequest[]): Scenario => ({
  name,
  description,
  ...cycle[0]!,
  floorMs: mean(cycle.map((request) => request.floorMs)),
  cpuMs: mean(cycle.map((request) => request.cpuMs)),
  requests: cycle,
  minLatencyMs: Math.min(...cycle.map((request) => Math.max(request.floorMs, request.cpuMs))),
});

const countOf = (cycle: readonly ScenarioRequest[], request: ScenarioRequest): number => cycle.filter((r) => r === request).length;

export const buildScenario = (name: ScenarioName, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Scenario => {
  switch (name) {
    case 'health':
      return single(name, 'GET /health: tiny JSON, the server overhead alone', HEALTH);
    case 'io':
      return single(name, 'GET /io?ms=100: waits 100 ms like a call to an upstream API', IO);
    case 'cpu':
      return single(name, 'GET /cpu?ms=10: 10 ms of CPU work, like report generation', CPU);
    case 'upload':
      return single(name, `POST /upload: a ${UPLOAD_BODY_BYTES / 1024} KiB body read and summarised, like a DXF quotation`, UPLOAD);
    case 'analysis':
      return single(name, `GET /analysis?ms=${options.analysisMs}: a long request made of ten upstream calls`, { method: 'GET', path: `/analysis?ms=${options.analysisMs}`, bodyBytes: 0, floorMs: options.analysisMs, cpuMs: 0 });
    case 'mix':
      return mix(
        name,
        `a realistic mix, each connection in turn: ${countOf(MIX_CYCLE, HEALTH)} × /health, ${countOf(MIX_CYCLE, IO)} × /io?ms=100, ${countOf(MIX_CYCLE, CPU)} × /cpu?ms=10, ${countOf(MIX_CYCLE, UPLOAD)} × POST /upload (${UPLOAD_BODY_BYTES / 1024} KiB) in every ${MIX_CYCLE.length}`,
        MIX_CYCLE,
      );
  }
};

export const buildScenarios = (names: readonly ScenarioName[], options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Scenario[] =>
  names.map((name) => buildScenario(name, options));

/** The load a scenario puts on, in words: its path, or the mix. */
export const loadLabel = (scenario: Scenario): string => (scenario.requests.length > 1 ? `the ${scenario.name} scenario (${scenario.requests.length} requests in turn)` : scenario.path);
