/**
 * The manifests of a workspace on disk: the walk a run makes once (lib/run/
 * workspace-scan.ts) for its index, with the files that mark a kustomization
 * or a chart, for the render-target search.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';

export const MANIFEST = /\.(ya?ml|json)$/i;
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** The files that make their folder a chart or a kustomization (lib/render). */
export const RENDER_MARKERS: ReadonlySet<string> = new Set(['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** What a walk finds: the manifests, and the render markers (some of which are manifests too), each in walk order. */
export interface Walked {
  readonly paths: readonly string[];
  readonly markers: readonly string[];
}

/**
 * The manifests under `root` in a deterministic order, skipping
 * node_modules and .git; links to directories are followed once (by real
 * path), so link loops end. Render markers found on the way are added to
 * `markers`.
 */
export function* walkManifests(root: string, markers?: string[]): Generator<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) continue;
      seen.add(real);
    } catch {
      continue;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    const subdirs: string[] = [];
    for (const e of entries) {
      if (SKIPPED_DIRS.has(e.name)) continue;
      const abs = prefix + e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) subdirs.push(abs);
      else if (isFile) {
        if (markers && RENDER_MARKERS.has(e.name)) markers.push(abs);
        if (MANIFEST.test(e.name)) yield abs;
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

/** The manifests and render markers under `root`. */
export function walk(root: string): Walked {
  const markers: string[] = [];
  return { paths: [...walkManifests(root, markers)], markers };
}
