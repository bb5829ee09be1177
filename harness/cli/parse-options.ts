// Checking command-line values once, where they enter, with messages that name the option and the bad value.
import { SCENARIO_NAMES, type ScenarioName } from '../core/scenarios.js';
import { UsageError } from './usage-error.js';

const list = (values: readonly (string | number)[]): string[] => values.flatMap((value) => String(value).split(',')).map((part) => part.trim()).filter(Boolean);

export const parsePositiveNumber = (option: string, value: unknown, { integer = false, max = Number.POSITIVE_INFINITY } = {}): number => {
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  const text = JSON.stringify(value);
  if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${option}: expected a number, got ""`);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`--${option}: expected a positive number, got ${text}`);
  if (integer && !Number.isInteger(number)) throw new UsageError(`--${option}: expected a whole number, got ${text}`);
  if (number > max) throw new UsageError(`--${option}: ${text} is more than the limit of ${max}`);
  return number;
};

/** "1,10,100" (or the option repeated) → [1, 10, 100], each a whole number from 1 to `max`. */
export const parseConnections = (values: readonly (string | number)[], max: number): number[] => {
  const parts = list(values);
  if (parts.length === 0) throw new UsageError('--connections: expected a list such as 1,10,100');
  return [...new Set(parts.map((part) => parsePositiveNumber('connections', part, { integer: true, max })))];
};

export const parseScenarios = (values: readonly (string | number)[]): ScenarioName[] => {
  const parts = list(values);
  for (const part of parts) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(part)) throw new UsageError(`--scenario: unknown scenario "${part}" (known: ${SCENARIO_NAMES.join(', ')})`);
  }
  return [...new Set(parts as ScenarioName[])];
};

export const parseProfileNames = (values: readonly (string | number)[], known: ReadonlySet<string>): string[] => {
  const parts = list(values);
  if (parts.length === 0) throw new UsageError('--profile: expected a profile name');
  for (const part of parts) {
    if (!known.has(part)) throw new UsageError(`--profile: unknown profile "${part}" (see bench list)`);
  }
  return parts;
};
