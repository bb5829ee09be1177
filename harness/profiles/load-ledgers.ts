// Reading claims/*.yaml: the one place ledger files enter bench.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile } from './read-yaml.js';
import type { Claim, Ledger } from '../core/claims-schema.js';
import { checkLedgers, LedgerError, parseLedger } from '../core/ledger-validation.js';
import type { Profile } from '../core/profile-schema.js';

export const LEDGER_EXTENSION = '.yaml';

/** A claim with the document it comes from. */
export type LedgerClaim = Claim & { readonly document: string };

export const loadLedgerFile = (file: string, catalog: ReadonlyMap<string, Profile>): Ledger => {
  const { data, source } = readYamlFile(file, (message) => new LedgerError(message));
  const ledger = parseLedger(data, source, catalog);
  const expected = path.basename(file, LEDGER_EXTENSION);
  if (`${expected}.txt` !== ledger.document) throw new LedgerError(`${source}: document: "${ledger.document}" does not match the file name "${expected}${LEDGER_EXTENSION}"`);
  return ledger;
};

/** Every claim of every ledger in the directory, in file order. */
export const loadLedgers = (directory: string, catalog: ReadonlyMap<string, Profile>): LedgerClaim[] => {
  const files = readdirSync(directory).filter((file) => file.endsWith(LEDGER_EXTENSION)).sort();
  const entries = files.map((file) => {
    const full = path.join(directory, file);
    return { ledger: loadLedgerFile(full, catalog), source: path.relative(process.cwd(), full) || full };
  });
  checkLedgers(entries);
  return entries.flatMap(({ ledger }) => ledger.claims.map((claim) => ({ ...claim, document: ledger.document })));
};
