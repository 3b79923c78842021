import { runReport } from '../../lib/report/cli.ts';
import type { CliRun } from '../cli/run-cli.ts';
import { captureRun } from '../cli/run-cli.ts';

export type { CliRun };

/** The environment that fixes the report's timestamp (2026-01-01). */
export const FIXED_TIME: Record<string, string> = { SOURCE_DATE_EPOCH: '1767225600' };

/** Runs `shootlint report` in-process with a fixed timestamp. */
export function report(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return captureRun((io) => runReport(argv, io), cwd, { env: { ...FIXED_TIME, ...env } });
}
