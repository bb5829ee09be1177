// The one place report files are written: every format into the run directory, then `latest` pointed at it.
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../core/report.js';
import { REPORT_FORMATS } from '../render/formats.js';

/** Writes through a temporary file so an interrupted write never leaves half a report. */
const writeAtomically = async (file: string, text: string): Promise<void> => {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
};

export const writeReport = async (report: Report, runDir: string): Promise<void> => {
  await mkdir(runDir, { recursive: true });
  for (const format of REPORT_FORMATS) await writeAtomically(path.join(runDir, format.fileName), format.render(report));
};

/** Points `<out>/latest` at the run directory (a relative symlink, replaced atomically). */
export const pointLatest = async (outDir: string, runDir: string): Promise<void> => {
  const link = path.join(outDir, 'latest');
  const temporary = `${link}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  await symlink(path.relative(outDir, runDir), temporary);
  await rename(temporary, link);
};
