/**
 * The render tools: found on PATH (or named by a flag), run with a timeout,
 * no standard input (so nothing can prompt) and no shell.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';

export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;

export interface Tool {
  /** The executable to run. */
  readonly command: string;
  /** Arguments before the tool's own (`kubectl kustomize DIR` vs `kustomize build DIR`). */
  readonly prefix: readonly string[];
}

export interface ToolRun {
  readonly ok: boolean;
  readonly stdout: string;
  /** The tool's message when it failed (stderr, or what stopped it). */
  readonly error: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` on PATH, as an absolute path. */
export function onPath(names: readonly string[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const p = join(dir, name);
      if (executable(p)) return p;
    }
  }
  return undefined;
}

/** A command given by a flag: a path (relative to cwd) or a name on PATH. */
function named(command: string, cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (command.includes('/') || isAbsolute(command)) {
    const p = resolve(cwd, command);
    return executable(p) ? p : undefined;
  }
  return onPath([command], env);
}

/** `kubectl kustomize` or `kustomize build`: `--kustomize-command`, else the first of kubectl, kustomize on PATH. */
export function kustomizeTool(command: string | undefined, cwd: string, env: Readonly<Record<string, string | undefined>>): Tool | undefined {
  const found = command !== undefined ? named(command, cwd, env) : onPath(['kubectl', 'kustomize'], env);
  if (!found) return undefined;
  return { command: found, prefix: basename(found).startsWith('kubectl') ? ['kustomize'] : ['build'] };
}

/** `helm template`: `--helm-command`, else helm on PATH. */
export function helmTool(command: string | undefined, cwd: string, env: Readonly<Record<string, string | undefined>>): Tool | undefined {
  const found = command !== undefined ? named(command, cwd, env) : onPath(['helm'], env);
  return found ? { command: found, prefix: ['template'] } : undefined;
}

export function runTool(tool: Tool, args: readonly string[], opts: { cwd: string; env: Readonly<Record<string, string | undefined>>; timeoutMs: number }): ToolRun {
  const r = spawnSync(tool.command, [...tool.prefix, ...args], {
    cwd: opts.cwd,
    env: { ...opts.env, HELM_NO_PLUGINS: '1' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: opts.timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  const name = `${basename(tool.command)} ${tool.prefix.join(' ')}`.trim();
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    const why = code === 'ETIMEDOUT' ? `did not finish within ${Math.round(opts.timeoutMs / 1000)} s` : r.error.message;
    return { ok: false, stdout: '', error: `${name} ${why}` };
  }
  if (r.status !== 0) return { ok: false, stdout: r.stdout, error: (r.stderr || `${name} exited with ${r.status ?? r.signal}`).trim() };
  return { ok: true, stdout: r.stdout, error: '' };
}
