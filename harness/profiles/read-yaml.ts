// Reading a YAML data file (a profile, a ledger): its data, or a one-line error naming the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The file's data and the name errors give it (relative to the working directory). */
export const readYamlFile = (file: string, toError: (message: string) => Error): { readonly data: unknown; readonly source: string } => {
  const source = path.relative(process.cwd(), file) || file;
  try {
    return { data: parse(readFileSync(file, 'utf8')) as unknown, source };
  } catch (error) {
    throw toError(`${source}: ${(error as Error).message.split('\n')[0]}`);
  }
};
