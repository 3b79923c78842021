import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../lib/cli/main.ts';
import type { CliIo } from '../../lib/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Standard input (default empty). */
  readonly stdin?: string;
  /** Standard input as bytes, in these chunks (instead of `stdin`). */
  readonly stdinChunks?: readonly Uint8Array[];
  /** The environment (default empty). */
  readonly env?: Record<string, string>;
}

/** Runs a command (`main`, `runReport`) in-process in `cwd`, capturing its output. */
export async function captureRun(command: (io: CliIo) => Promise<number>, cwd: string, options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await command({
    cwd,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => options.stdin ?? '',
    ...(options.stdinChunks ? { readStdinChunks: () => options.stdinChunks! } : {}),
    isTTY: false,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** Runs the real command line in `cwd`, capturing its output. */
export function runCli(cwd: string, argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return captureRun((io) => main(argv, io), cwd, options);
}

/** Temporary folders made by `tempTree`, removed when the test process exits (a test that fails leaves none behind). */
const trees = new Set<string>();
process.once('exit', () => {
  for (const root of trees) rmSync(root, { recursive: true, force: true });
});

/** A temporary folder holding the given files (path → text). */
export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shootlint-'));
  trees.add(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function shoot(name: string, dashboard: boolean, extra = ''): string {
  return `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: ${name}
  namespace: garden-dev
spec:${extra}
  addons:
    kubernetesDashboard:
      enabled: ${dashboard}
  kubernetes:
    version: "1.30.1"
`;
}
