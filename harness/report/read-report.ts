// Reading a report bench wrote: a run directory or its report.json. A path that is not one is bad input, named
// in one line.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION, type Report } from '../core/report.js';

export class ReportReadError extends Error {
  override readonly name = 'ReportReadError';
}

/** The report at `where` (a directory holding report.json, or the file itself), checked to be one of bench's. */
export const readReport = (where: string, option: string): Report => {
  let file = where;
  try {
    if (statSync(where).isDirectory()) file = path.join(where, 'report.json');
  } catch {
    throw new ReportReadError(`${option}: ${where} does not exist`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ReportReadError(`${option}: ${where} holds no report.json (give a run directory such as reports/latest, or its report.json)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportReadError(`${option}: ${file} is not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const report = data as Partial<Report> | null;
  if (report === null || typeof report !== 'object' || !Array.isArray(report.results) || !Array.isArray(report.profiles)) {
    throw new ReportReadError(`${option}: ${file} is not a bench report (no results or profiles)`);
  }
  if (report.schemaVersion !== SCHEMA_VERSION) throw new ReportReadError(`${option}: ${file} has report schema ${String(report.schemaVersion)}; this bench reads ${SCHEMA_VERSION}`);
  return report as Report;
};
