/**
 * Whether to colour the output, as terminal tools agree: `--color` /
 * `--no-color` win; then a non-empty `FORCE_COLOR` (any value but `0` or `false` turns
 * colour on, `0` or `false` off); then `NO_COLOR` (any non-empty value turns it
 * off); else colour only on a terminal and never into an output file.
 */
export function useColor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, isTTY: boolean, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY && !toFile;
}
