// Turning raw profile data into checked profiles, with errors that name the file, the field and the bad value.
import type { z } from 'zod';
import { profileSchema, type Profile } from './profile-schema.js';

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

/** The value at a schema issue's path in the raw data. */
export const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);

const describeValue = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

const describeIssue = (data: unknown, issue: z.core.$ZodIssue): string => {
  const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${field === '(top level)' ? '' : `${field}: `}unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return `${field}: ${issue.message} (got ${describeValue(valueAt(data, issue.path))})`;
};

/** Checks one profile's data; `source` names the file in every error. */
export const parseProfile = (data: unknown, source: string): Profile => {
  const result = profileSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ProfileError(`${source}: ${first ? describeIssue(data, first) : 'invalid profile'}`);
  }
  return result.data;
};

/** Checks what only the whole set can tell: unique names and counterparts that exist and run in dev mode. */
export const checkCatalog = (entries: readonly { readonly profile: Profile; readonly source: string }[]): void => {
  const byName = new Map<string, Profile>();
  for (const { profile, source } of entries) {
    if (byName.has(profile.name)) throw new ProfileError(`${source}: name: "${profile.name}" is used by another profile`);
    byName.set(profile.name, profile);
  }
  for (const { profile, source } of entries) {
    if (profile.counterpart === undefined) continue;
    const counterpart = byName.get(profile.counterpart);
    if (!counterpart) throw new ProfileError(`${source}: counterpart: no profile named "${profile.counterpart}"`);
    if (counterpart.mode !== 'dev') throw new ProfileError(`${source}: counterpart: "${profile.counterpart}" is not a dev-mode profile`);
  }
};
