/**
 * The workspace root of a run: the directory whose manifests are the context
 * of the files given on the command line. From the files' common directory
 * upwards, the nearest directory holding a configuration file
 * (`.shootlint.yaml`, `.yml`, `.json`) or a git work tree's `.git`; with
 * neither, the common directory itself. The search stops at the git work tree
 * root, so a configuration file in a home directory does not widen a
 * repository's context to the whole home directory.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { CliOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

const MARKERS = ['.shootlint.yaml', '.shootlint.yml', '.shootlint.json'];

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True for a path that exists and is neither a file nor a directory. */
function isSpecial(p: string): boolean {
  try {
    const st = statSync(p, { throwIfNoEntry: false });
    return st !== undefined && !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/** The deepest directory that holds every path (a directory given stands for itself, a file for its folder). */
export function commonDirectory(paths: readonly string[], cwd: string): string {
  const dirs = paths.map((p) => {
    const abs = resolve(cwd, p);
    return isDirectory(abs) ? abs : dirname(abs);
  });
  if (!dirs.length) return resolve(cwd);
  let common = dirs[0]!.split(sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}

export interface WorkspaceRoot {
  readonly root: string;
  /** What made it the root, for messages: a configuration file, a git work tree, or the common directory. */
  readonly reason: 'config' | 'git' | 'common';
}

/**
 * The workspace root for `paths` (files, directories; `-` and globs count by
 * their directory part). Pure lookup: nothing is read but directory entries.
 */
export function findWorkspaceRoot(paths: readonly string[], cwd: string): WorkspaceRoot {
  // A device, FIFO or socket given (`/dev/zero`) is no manifest of a repository: it
  // gets its read error and must not widen the root (to `/`, the whole file system).
  const concrete = paths.filter((p) => p !== '-' && !isSpecial(resolve(cwd, p))).map((p) => globBase(p));
  const start = commonDirectory(concrete.length ? concrete : ['.'], cwd);
  for (let d = start; ; ) {
    if (MARKERS.some((m) => existsSync(resolve(d, m)))) return { root: d, reason: 'config' };
    if (existsSync(resolve(d, '.git'))) return { root: d, reason: 'git' };
    const up = dirname(d);
    if (up === d) return { root: start, reason: 'common' };
    d = up;
  }
}

/** The directory part of a glob before its first magic segment (`shoots/**\/*.yaml` -> `shoots`). */
function globBase(p: string): string {
  if (!/[*?[\]{}]/.test(p)) return p;
  const parts = p.split(/[\\/]/);
  const i = parts.findIndex((s) => /[*?[\]{}]/.test(s));
  return parts.slice(0, i).join('/') || '.';
}

/** The workspace root of a run: `--workspace DIR`, else found from the paths (findWorkspaceRoot). */
export function workspaceRootOf(opts: Pick<CliOptions, 'paths' | 'stdinFilename' | 'workspace'>, cwd: string): string {
  if (opts.workspace !== undefined) {
    const root = resolve(cwd, opts.workspace);
    let dir = false;
    try {
      dir = statSync(root).isDirectory();
    } catch {
      // reported below
    }
    if (!dir) throw new UsageError(`--workspace ${opts.workspace}: not a directory`);
    return root;
  }
  const paths = opts.paths.map((p) => (p === '-' ? (opts.stdinFilename ?? '-') : p));
  return findWorkspaceRoot(paths, cwd).root;
}
