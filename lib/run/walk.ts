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

/** The file systems of macOS and Windows match names without case: there `chart.yaml` is a Chart.yaml too. */
const FOLDED_NAMES = process.platform === 'darwin' || process.platform === 'win32';
const MARKER_BY_FOLDED = new Map([...RENDER_MARKERS].map((n) => [n.toLowerCase(), n]));
const markerName = (name: string): string | undefined => (FOLDED_NAMES ? MARKER_BY_FOLDED.get(name.toLowerCase()) : RENDER_MARKERS.has(name) ? name : undefined);

/** What a walk finds: the manifests, and the render markers (some of which are manifests too), each in walk order. */
export interface Walked {
  readonly paths: readonly string[];
  /** Each as its folder and the marker's own name (a folder named Chart.yaml counts, as a chart's test of the name does). */
  readonly markers: readonly string[];
  /** Whether a link to a folder was followed (the same folder may then be reached by two paths). */
  readonly linkedDirs: boolean;
}

/**
 * The manifests under `root` in a deterministic order, skipping
 * node_modules and .git; links to directories are followed once (by real
 * path), so link loops end. With `found`, the render markers met on the way
 * are added to it, and whether a link to a folder was followed.
 */
export function* walkManifests(root: string, found?: { markers: string[]; linkedDirs: boolean }): Generator<string> {
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
        if (isDir && found) found.linkedDirs = true;
      }
      const marker = found && (isFile || isDir) ? markerName(e.name) : undefined;
      if (marker !== undefined && (isFile || marker === 'Chart.yaml')) found!.markers.push(prefix + marker);
      if (isDir) subdirs.push(abs);
      else if (isFile && MANIFEST.test(e.name)) yield abs;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

/** The manifests and render markers under `root`. */
export function walk(root: string): Walked {
  const found = { markers: [] as string[], linkedDirs: false };
  const paths = [...walkManifests(root, found)];
  return { paths, ...found };
}
