import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { SourceFile } from '../engine/types.ts';
import { readTextFile } from '../input/read-file.ts';
import type { SpooledList, StdinInput } from '../input/stdin.ts';
import { detached, DiskSource, readErrorMessage, sourceOf } from './disk-source.ts';
import { boundHeapGrowth } from './heap-bound.ts';
import { headersOf } from './repo-index.ts';
import { SKIPPED_DIRS } from './walk.ts';
import { collate } from '../engine/collate.ts';

export const LINTED_EXTENSIONS = /\.(ya?ml|json)$/i;
/** A Shoot is a few kB; anything this large is refused rather than parsed. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface ReadError {
  readonly path: string;
  readonly message: string;
}

export interface Collected {
  readonly files: SourceFile[];
  /** Files found but not read (unreadable, too large, not a regular file). */
  readonly readErrors: ReadError[];
  /** Arguments that named nothing: a usage error. */
  readonly missing: string[];
  /** Standard input when it is a List too large to read whole: linted item by item (lib/run/stdin-list.ts). */
  readonly stdinList?: { readonly path: string; readonly list: SpooledList };
}

export interface CollectOptions {
  readonly cwd: string;
  /** Reads standard input (lib/input/stdin.ts). */
  readonly stdin?: () => StdinInput;
  readonly stdinFilename?: string;
  readonly maxFileBytes?: number;
  /** Globs (relative to cwd) of files to leave out. */
  readonly ignore?: readonly string[];
  /** Keep no texts: each file is read and its objects' headers recorded, then read again when linted (lib/run/disk-source.ts). */
  readonly lazy?: boolean;
}

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

/** Expands paths, directories and globs into source files, in a deterministic order. */
export function collectFiles(args: readonly string[], opts: CollectOptions): Collected {
  const found = new Set<string>();
  const missing: string[] = [];
  const readErrors: ReadError[] = [];
  const files: SourceFile[] = [];
  let stdinList: Collected['stdinList'];
  const ignored = opts.ignore?.length ? picomatch([...opts.ignore], { dot: true }) : undefined;
  const isIgnored = (abs: string): boolean => ignored !== undefined && ignored(display(opts.cwd, abs));

  for (const arg of args) {
    if (arg === '-') {
      const path = opts.stdinFilename ?? '<stdin>';
      const input: StdinInput = opts.stdin ? opts.stdin() : { kind: 'text', text: '' };
      if (input.kind === 'error') readErrors.push({ path, message: `${input.message}; not linted` });
      else if (input.kind === 'list') stdinList = { path, list: input.list };
      else files.push(sourceOf(path, input));
      continue;
    }
    const before = found.size;
    if (isGlob(arg)) {
      const { base, glob } = picomatch.scan(arg);
      const matcher = picomatch(glob, { dot: false });
      const root = resolve(opts.cwd, base || '.');
      walk(root, (abs) => matcher(relative(root, abs).split(sep).join('/')), found, readErrors, opts.cwd);
    } else {
      const abs = resolve(opts.cwd, arg);
      let st;
      try {
        st = statSync(abs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') readErrors.push({ path: display(opts.cwd, abs), message: 'symbolic link loop' });
        else missing.push(arg);
        continue;
      }
      if (st.isDirectory()) walk(abs, (p) => LINTED_EXTENSIONS.test(p), found, readErrors, opts.cwd);
      else found.add(abs);
    }
    if (found.size === before && isGlob(arg)) missing.push(arg);
  }

  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // A lazy run keeps little of each file, so its heap is mostly garbage: bound it. A run that keeps its texts and
  // what it builds of them (the report, --fix) would mark all it keeps at each of the many more collections.
  if (opts.lazy) boundHeapGrowth(found.size);
  for (const abs of [...found].sort()) {
    if (isIgnored(abs)) continue;
    const path = display(opts.cwd, abs);
    const read = readTextFile(abs, maxBytes, '--max-file-size');
    if (!read.ok) {
      readErrors.push({ path, message: readErrorMessage(read.message) });
      continue;
    }
    const source = sourceOf(path, read);
    files.push(opts.lazy ? new DiskSource(path, abs, Buffer.byteLength(read.text), detached(headersOf(path, read.text)), maxBytes, source.nonUtf8) : source);
  }
  readErrors.sort((a, b) => collate(a.path, b.path));
  return stdinList ? { files, readErrors, missing, stdinList } : { files, readErrors, missing };
}

/** Walks a directory; follows links to directories once (by real path), so link loops end. */
function walk(root: string, want: (abs: string) => boolean, found: Set<string>, errors: ReadError[], cwd: string): void {
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      errors.push({ path: display(cwd, dir), message: 'symbolic link loop or dangling link' });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (err) {
      errors.push({ path: display(cwd, dir), message: `cannot read directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return;
    }
    for (const name of entries) {
      if (SKIPPED_DIRS.has(name)) continue;
      const abs = join(dir, name);
      let st;
      try {
        st = lstatSync(abs);
        if (st.isSymbolicLink()) st = statSync(abs);
      } catch {
        errors.push({ path: display(cwd, abs), message: 'symbolic link loop or dangling link' });
        continue;
      }
      if (st.isDirectory()) visit(abs);
      else if (st.isFile() && want(abs)) found.add(abs);
    }
  };
  visit(root);
}
