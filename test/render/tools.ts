/**
 * The real render tools for the render tests: kubectl (with Kustomize) and
 * helm in .tools/, fetched by `node .ci/fetch-render-tools.mjs` (.ci/run
 * calls it). Missing tools skip the tests locally with a message and fail
 * them in CI.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const TOOLS = join(ROOT, '.tools');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'render');
export const toolsPresent = existsSync(join(TOOLS, 'kubectl')) && existsSync(join(TOOLS, 'helm'));

/** An environment whose PATH has the tools first (and the system's for git). */
export function toolEnv(): Record<string, string> {
  return { PATH: [TOOLS, process.env.PATH ?? ''].join(delimiter) };
}

export const MISSING = 'kubectl and helm are not in .tools/ (run node .ci/fetch-render-tools.mjs)';

/** A copy of a fixture folder in a temporary folder (outside the repository, so it is its own workspace). */
export function fixtureCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-render-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}
