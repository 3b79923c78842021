import { runReport } from '../../lib/report/cli.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `shootlint report` in-process with a fixed timestamp. */
export async function report(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runReport(argv, {
    cwd,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => '',
    isTTY: false,
    env: { SOURCE_DATE_EPOCH: '1767225600', ...env },
  });
  return { code, stdout, stderr };
}
