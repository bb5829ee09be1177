// Named load scenarios: what each request does and the least time its handler can take.

export const SCENARIO_NAMES = ['health', 'io', 'cpu', 'upload', 'analysis'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioOptions {
  /** Length of one /analysis request. Default: 1000 ms. */
  readonly analysisMs: number;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly description: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly bodyBytes: number;
  /** Wall time the handler waits at least, whatever the server: the floor of every latency. */
  readonly floorMs: number;
  /** CPU time each request burns in the handler (bounds throughput by the cores that can run it). */
  readonly cpuMs: number;
}

export const DEFAULT_SCENARIO_OPTIONS: ScenarioOptions = { analysisMs: 1000 };

export const UPLOAD_BODY_BYTES = 256 * 1024;

export const buildScenario = (name: ScenarioName, options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Scenario => {
  switch (name) {
    case 'health':
      return { name, description: 'GET /health: tiny JSON, the server overhead alone', method: 'GET', path: '/health', bodyBytes: 0, floorMs: 0, cpuMs: 0 };
    case 'io':
      return { name, description: 'GET /io?ms=100: waits 100 ms like a call to an upstream API', method: 'GET', path: '/io?ms=100', bodyBytes: 0, floorMs: 100, cpuMs: 0 };
    case 'cpu':
      return { name, description: 'GET /cpu?ms=10: 10 ms of CPU work, like report generation', method: 'GET', path: '/cpu?ms=10', bodyBytes: 0, floorMs: 0, cpuMs: 10 };
    case 'upload':
      return { name, description: `POST /upload: a ${UPLOAD_BODY_BYTES / 1024} KiB body read and summarised, like a DXF quotation`, method: 'POST', path: '/upload', bodyBytes: UPLOAD_BODY_BYTES, floorMs: 0, cpuMs: 0 };
    case 'analysis':
      return { name, description: `GET /analysis?ms=${options.analysisMs}: a long request made of ten upstream calls`, method: 'GET', path: `/analysis?ms=${options.analysisMs}`, bodyBytes: 0, floorMs: options.analysisMs, cpuMs: 0 };
  }
};

export const buildScenarios = (names: readonly ScenarioName[], options: ScenarioOptions = DEFAULT_SCENARIO_OPTIONS): Scenario[] =>
  names.map((name) => buildScenario(name, options));
