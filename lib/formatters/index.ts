import type { Formatter } from './types.ts';

/** Formatter registry: loaded on demand, so startup pays only for the one used. */
const LOADERS: Record<string, () => Promise<{ default: Formatter }>> = {
  github: () => import('./github.ts'),
  gitlab: () => import('./gitlab.ts'),
  json: () => import('./json.ts'),
  junit: () => import('./junit.ts'),
  sarif: () => import('./sarif.ts'),
  stylish: () => import('./stylish.ts'),
};

export const FORMATTER_NAMES: readonly string[] = Object.keys(LOADERS).sort();

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = LOADERS[name];
  return load ? (await load()).default : undefined;
}
