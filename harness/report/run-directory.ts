// A new, unique run directory under the output directory.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** "2026-11-25T06:30:00.123Z" → "20261125-063000Z". */
const stamp = (date: Date): string => `${date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}Z`;

/** Run ids read as "20261125-063000Z-waitress-like", with "-2", "-3"… when that name is taken. */
export const createRunDirectory = async (outDir: string, label: string, now: Date): Promise<{ runId: string; runDir: string }> => {
  const base = `${stamp(now)}-${label}`.slice(0, 80);
  await mkdir(outDir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    const runDir = path.join(outDir, runId);
    try {
      await mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
};
