// Turning raw ledger data into checked claims, with errors that name the file, the claim, the field and the bad
// value; and the checks only the whole ledger can make (unique ids, profiles that exist, settings they accept).
import type { z } from 'zod';
import { ledgerSchema, type Claim, type ClaimTest, type Ledger } from './claims-schema.js';
import type { Profile } from './profile-schema.js';
import { parseProfile, ProfileError, valueAt } from './profile-validation.js';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

const describeIssue = (data: unknown, issue: z.core.$ZodIssue): string => {
  const claimIndex = issue.path[0] === 'claims' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
  const claimId = claimIndex === undefined ? undefined : valueAt(data, ['claims', claimIndex, 'id']);
  const where = claimId === undefined ? '' : `claim "${String(claimId)}": `;
  const field = (claimIndex === undefined ? issue.path : issue.path.slice(2)).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') return `${where}${field === '(top level)' ? '' : `${field}: `}unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  const value = valueAt(data, issue.path);
  return `${where}${field}: ${issue.message} (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`;
};

/** The profiles (with their settings) a claim's test runs on. */
export const profilesOf = (test: ClaimTest): { readonly profile: string; readonly settings?: Record<string, unknown> | undefined }[] => {
  switch (test.shape) {
    case 'cell':
      return [test.cell];
    case 'ratio':
      return [test.of.cell, test.to.cell];
    case 'colleagues':
      return [test.profile, test.against];
    case 'unmeasured':
      return [];
    default:
      return [test.profile];
  }
};

/** A profile with a claim's settings laid over its own, checked like a profile file. */
export const withSettings = (profile: Profile, settings: Record<string, unknown> | undefined, source: string): Profile => {
  if (!settings || Object.keys(settings).length === 0) return profile;
  try {
    return parseProfile({ ...profile, settings: { ...profile.settings, ...settings } }, source);
  } catch (error) {
    if (error instanceof ProfileError) throw new LedgerError(error.message);
    throw error;
  }
};

const checkClaim = (claim: Claim, catalog: ReadonlyMap<string, Profile>, source: string): void => {
  const where = `${source}: claim "${claim.id}"`;
  if (claim.test.shape === 'unmeasured') {
    if (claim.check) throw new LedgerError(`${where}: check: an unmeasured claim has no check`);
    return;
  }
  if (!claim.check) throw new LedgerError(`${where}: check: required for a ${claim.test.shape} test`);
  if (claim.check.expect === 'between' && claim.check.min > claim.check.max) throw new LedgerError(`${where}: check: min ${claim.check.min} is above max ${claim.check.max}`);
  for (const ref of profilesOf(claim.test)) {
    const profile = catalog.get(ref.profile);
    if (!profile) throw new LedgerError(`${where}: test: no profile named "${ref.profile}"`);
    withSettings(profile, ref.settings, `${where}: test: settings for ${ref.profile}`);
    const needsGunicorn = ['reload', 'sweep', 'recycle', 'crash'].includes(claim.test.shape);
    if (needsGunicorn && profile.server !== 'gunicorn') throw new LedgerError(`${where}: test: a ${claim.test.shape} test needs a gunicorn profile, not "${ref.profile}" (${profile.server})`);
  }
};

/** Checks one ledger file's data; `source` names the file in every error. */
export const parseLedger = (data: unknown, source: string, catalog: ReadonlyMap<string, Profile>): Ledger => {
  const result = ledgerSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new LedgerError(`${source}: ${first ? describeIssue(data, first) : 'invalid ledger'}`);
  }
  for (const claim of result.data.claims) checkClaim(claim, catalog, source);
  return result.data;
};

/** Checks what only the whole set can tell: each document once, each claim id once. */
export const checkLedgers = (entries: readonly { readonly ledger: Ledger; readonly source: string }[]): void => {
  const documents = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const { ledger, source } of entries) {
    const other = documents.get(ledger.document);
    if (other) throw new LedgerError(`${source}: document: "${ledger.document}" already has a ledger (${other})`);
    documents.set(ledger.document, source);
    for (const claim of ledger.claims) {
      const first = ids.get(claim.id);
      if (first) throw new LedgerError(`${source}: claim "${claim.id}": id already used in ${first}`);
      ids.set(claim.id, source);
    }
  }
};
