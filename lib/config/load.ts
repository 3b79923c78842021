/**
 * Finding and reading configuration files. The lookup starts at a linted
 * file's directory and goes up to the filesystem root; the nearest
 * `.shootlint.yaml` / `.shootlint.yml` / `.shootlint.json` wins. A
 * `.shootlint.js` (or .cjs/.mjs/.ts) found on the way is refused, not skipped:
 * its author expects it to apply, and configuration is never code.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { AnyRule } from '../engine/rule.ts';
import { readTextFile } from '../input/read-file.ts';

/** A configuration is a few hundred bytes; a file far larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
import type { ConfigProblem } from './parse.ts';
import { ConfigError, DATA_CONFIG_NAMES, EXECUTABLE_CONFIG, parseConfig } from './parse.ts';
import type { LoadedConfig } from './resolve.ts';

const EXECUTABLE_NAMES = ['js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].map((e) => `.shootlint.${e}`);
const TOP: ConfigProblem = { line: 1, column: 1, endLine: 1, endColumn: 1, message: '' };

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return toPosix(rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The configuration file governing `dir`, or undefined. Throws ConfigError for code or ambiguous configs. */
export function findConfigFile(dir: string, cwd = dir): string | undefined {
  for (let d = resolve(dir); ; ) {
    const own = configFileIn(d, cwd);
    if (own) return own;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The configuration file in the folder `d` itself (absolute), or undefined. Throws ConfigError for code or ambiguous configs. */
function configFileIn(d: string, cwd: string): string | undefined {
  const data = DATA_CONFIG_NAMES.map((n) => resolve(d, n)).filter(isFile);
  const code = EXECUTABLE_NAMES.map((n) => resolve(d, n)).filter(isFile);
  if (code.length) {
    throw new ConfigError(display(cwd, code[0]!), [{ ...TOP, message: 'configuration is data only (.shootlint.yaml, .shootlint.yml or .shootlint.json); a JavaScript or TypeScript configuration is never loaded. Rename or remove it' }]);
  }
  if (data.length > 1) {
    throw new ConfigError(display(cwd, data[1]!), [{ ...TOP, message: `more than one configuration file in ${display(cwd, d) || '.'} (${data.map((p) => p.slice(d.length + 1)).join(', ')}); keep one` }]);
  }
  return data[0];
}

/** Reads and validates one configuration file. Throws ConfigError (with file:line:col) when it is not valid. */
export function loadConfigFile(path: string, rules: readonly AnyRule[], cwd: string): LoadedConfig {
  const abs = resolve(cwd, path);
  const shown = display(cwd, abs);
  if (EXECUTABLE_CONFIG.test(abs)) {
    throw new ConfigError(shown, [{ ...TOP, message: 'configuration is data only (.shootlint.yaml, .shootlint.yml or .shootlint.json); a JavaScript or TypeScript configuration is never loaded' }]);
  }
  if (!existsSync(abs)) throw new ConfigError(shown, [{ ...TOP, message: 'configuration file not found' }]);
  // Only a regular file, and only so much of it: `--config /dev/zero` or a FIFO is refused, never read.
  const read = readTextFile(abs, MAX_CONFIG_BYTES);
  if (!read.ok) throw new ConfigError(shown, [{ ...TOP, message: `cannot read configuration: ${read.message}` }]);
  const parsed = parseConfig(read.text, abs, rules);
  if (!parsed.ok) throw new ConfigError(shown, parsed.problems);
  return { path: shown, dir: toPosix(dirname(abs)), data: parsed.data };
}

export interface ConfigLookupOptions {
  readonly cwd: string;
  readonly rules: readonly AnyRule[];
  /** `--config PATH`: this file for every linted file. */
  readonly explicit?: string;
  /** `--no-config`: none. */
  readonly none?: boolean;
}

/** Finds the configuration of each linted file, loading each file once. */
export class ConfigLookup {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  private readonly byFile = new Map<string, LoadedConfig>();
  /** The configuration file governing each folder looked at (absolute), so a folder's parents are asked once, not once per subfolder. */
  private readonly governing = new Map<string, string | undefined>();
  private readonly explicit: LoadedConfig | undefined;

  constructor(private readonly opts: ConfigLookupOptions) {
    this.explicit = opts.explicit !== undefined && !opts.none ? loadConfigFile(opts.explicit, opts.rules, opts.cwd) : undefined;
  }

  /** Configuration of a directory (absolute). */
  forDir(dir: string): LoadedConfig | undefined {
    if (this.opts.none) return undefined;
    if (this.explicit) return this.explicit;
    // Asked once per linted or indexed file: the folder as given is looked up before it is resolved.
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const key = resolve(dir);
    if (this.byDir.has(key)) {
      const known = this.byDir.get(key);
      this.byDir.set(dir, known);
      return known;
    }
    const found = this.governingFile(key);
    let loaded: LoadedConfig | undefined;
    if (found) {
      loaded = this.byFile.get(found);
      if (!loaded) {
        loaded = loadConfigFile(found, this.opts.rules, this.opts.cwd);
        this.byFile.set(found, loaded);
      }
    }
    this.byDir.set(key, loaded);
    this.byDir.set(dir, loaded);
    return loaded;
  }

  private governingFile(d: string): string | undefined {
    if (this.governing.has(d)) return this.governing.get(d);
    const up = dirname(d);
    const found = configFileIn(d, this.opts.cwd) ?? (up === d ? undefined : this.governingFile(up));
    this.governing.set(d, found);
    return found;
  }

  /** Configuration of a linted file (path relative to cwd, or absolute). */
  forFile(path: string): LoadedConfig | undefined {
    if (this.opts.none) return undefined;
    if (this.explicit) return this.explicit;
    return this.forDir(dirname(isAbsolute(path) ? path : resolve(this.opts.cwd, path)));
  }
}
