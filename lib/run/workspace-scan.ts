/**
 * The workspace of one run: its root; one walk of it, shared by what the run
 * asks of it (the render targets that read a given file, whether the given
 * files are the whole workspace, the index); and the index cache (`--cache`),
 * read once, as early as the run asks for it, with the stats of its files a
 * worker took meanwhile (lib/cli/early-scan.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { findConfigFile } from '../config/index.ts';
import type { CacheKey } from './cache.ts';
import { readCache } from './cache.ts';
import { cacheFile } from './cache-file.ts';
import type { CliOptions } from './options.ts';
import type { StoredIndex } from './repo-index.ts';
import type { EarlyStats, SharedStats } from './shared-stats.ts';
import type { Walked } from './walk.ts';
import { walk } from './walk.ts';
import { workspaceRootOf } from './workspace-root.ts';

type Options = Pick<CliOptions, 'paths' | 'stdinFilename' | 'workspace' | 'maxFileSize' | 'config' | 'noConfig' | 'cache' | 'cacheLocation'>;

/** The index cache of a workspace: its file, its key, and the index it holds (undefined when missing, stale or corrupt). */
export interface IndexCache {
  readonly file: string;
  readonly key: CacheKey;
  readonly stored: StoredIndex | undefined;
  /** The sizes and times of the stored rows' files as a worker stats them, when it does (for this cache). */
  readonly stats?: SharedStats | undefined;
}

export class WorkspaceScan {
  private walk: Walked | undefined;
  private cached: { readonly value: IndexCache | undefined } | undefined;

  constructor(
    readonly root: string,
    private readonly opts: Options,
    private readonly cwd: string,
    private readonly early?: EarlyStats,
  ) {}

  /** The manifests and render markers under the root, walked once. */
  walked(): Walked {
    return (this.walk ??= walk(this.root));
  }

  /** The index cache of the root; undefined without `--cache`. */
  cache(): IndexCache | undefined {
    this.cached ??= { value: this.opts.cache ? this.readCache() : undefined };
    return this.cached.value;
  }

  private readCache(): IndexCache {
    const { opts, cwd, root } = this;
    const file = cacheFile(root, cwd, opts.cacheLocation);
    let rootConfig: string | undefined;
    try {
      rootConfig = opts.noConfig ? undefined : (opts.config !== undefined ? resolve(cwd, opts.config) : findConfigFile(root));
    } catch {
      rootConfig = undefined;
    }
    const key = {
      version: pkg.version,
      config: JSON.stringify([opts.noConfig, rootConfig ?? null, readOrEmpty(rootConfig), opts.maxFileSize ?? null]),
    };
    const stored = readCache(file, root, key);
    return { file, key, stored, stats: stored?.checksum !== undefined ? this.early?.(root, stored.checksum) : undefined };
  }
}

/** The workspace of a run of `opts` (its root as workspaceRootOf finds it). */
export function workspaceScan(opts: Options, cwd: string, early?: EarlyStats): WorkspaceScan {
  return new WorkspaceScan(workspaceRootOf(opts, cwd), opts, cwd, early);
}

function readOrEmpty(path: string | undefined): string {
  try {
    return path === undefined ? '' : readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
