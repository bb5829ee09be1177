// What a scenario asks of a load generator: its request (or its mix), with the upload's body, a deterministic
// DXF-like drawing of the requested size.
import type { Scenario, ScenarioRequest } from '../core/scenarios.js';
import type { LoadOptions } from './load-options.js';

const ENTITY = (index: number): string =>
  `0\nLINE\n8\nPART-${index % 7}\n10\n${(index * 1.5).toFixed(3)}\n20\n${(index * 0.75).toFixed(3)}\n11\n${(index * 1.5 + 10).toFixed(3)}\n21\n${(index * 0.75 + 5).toFixed(3)}\n`;

export const buildDxfBody = (bytes: number): Buffer => {
  const parts: string[] = ['0\nSECTION\n2\nENTITIES\n'];
  let size = parts[0]!.length;
  for (let index = 0; size < bytes; index += 1) {
    const entity = ENTITY(index);
    parts.push(entity);
    size += entity.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
};

const bodies = new Map<number, Buffer>();
const bodyFor = (request: ScenarioRequest): Buffer | undefined => {
  if (request.bodyBytes === 0) return undefined;
  if (!bodies.has(request.bodyBytes)) bodies.set(request.bodyBytes, buildDxfBody(request.bodyBytes));
  return bodies.get(request.bodyBytes);
};

/** The request (or the mix) of a scenario, on a server at `baseUrl`. */
export const scenarioLoad = (baseUrl: string, scenario: Scenario): Pick<LoadOptions, 'url' | 'method' | 'body' | 'requests'> => ({
  url: `${baseUrl}${scenario.path}`,
  method: scenario.method,
  body: bodyFor(scenario),
  requests: scenario.requests.length > 1 ? scenario.requests.map((request) => ({ method: request.method, path: request.path, body: bodyFor(request) })) : undefined,
});
