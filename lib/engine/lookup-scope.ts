/**
 * Where cross-document references are looked up, as findings say it: among
 * the files of the run (files given alone, `--no-workspace`), or in a
 * workspace (the repository the files belong to; `settings.workspaceRoot`).
 * Every "not found" message and hint of the engine and the rules is phrased
 * here, so a reference missing from a workspace never reads as a file left
 * off the command line.
 */
import type { EngineConfig, Settings } from './settings.ts';

type Scope = Pick<Settings, 'workspaceRoot'>;

/** "not among the linted files", or "not found in the workspace ROOT". */
export function notFound(s: Scope): string {
  return s.workspaceRoot === undefined ? 'not among the linted files' : `not found in the workspace ${s.workspaceRoot}`;
}

/** "among the linted files", or "in the workspace ROOT" ("no ConfigMap x ... is ..."). */
export function foundIn(s: Scope): string {
  return s.workspaceRoot === undefined ? 'among the linted files' : `in the workspace ${s.workspaceRoot}`;
}

/** What to do about a missing `what` (a ConfigMap, a CloudProfile, ...). */
export function lookupHint(s: Scope, what: string): string {
  return s.workspaceRoot === undefined
    ? `Lint ${what} together with the Shoot: pass its file (or the folder holding both) on the same command line.`
    : `Add ${what} to the workspace ${s.workspaceRoot} (a manifest under it that the configuration does not ignore), or correct the reference.`;
}

/**
 * The configurations of a run in the workspace at `root` (an absolute path):
 * each configuration maps to one copy with `settings.workspaceRoot` set, so
 * files that shared a configuration still share one.
 */
export function inWorkspace(root: string): (config: EngineConfig) => EngineConfig {
  const copies = new Map<EngineConfig, EngineConfig>();
  return (config) => {
    let c = copies.get(config);
    if (!c) copies.set(config, (c = { ...config, settings: { ...config.settings, workspaceRoot: root } }));
    return c;
  };
}
