/**
 * The workspace folders' YAML and JSON files as the engine sees them, so a
 * Shoot open in the editor resolves ConfigMaps (audit policy, structured
 * authentication) from other files. Bounded: node_modules and .git are
 * skipped, files over MAX_FILE_BYTES are left out, and at most MAX_FILES
 * files are indexed. Files are parsed once and kept until they change.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../engine/document.ts';
import type { ParsedFile } from '../engine/document.ts';

export const MAX_FILES = 3000;
export const MAX_FILE_BYTES = 1024 * 1024;
/** Directory entries looked at in one scan, so a huge tree cannot stall start-up. */
export const MAX_ENTRIES = 100_000;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const LINTED = /\.(ya?ml|json)$/i;
/** Cheap test before parsing: a Kubernetes object names its kind and apiVersion. */
const maybeObject = (text: string): boolean => text.includes('kind') && text.includes('apiVersion');

interface Entry {
  text: string;
  parsed?: ParsedFile;
}

export class WorkspaceFiles {
  private folders: string[] = [];
  private readonly files = new Map<string, Entry>();
  /** Bumped on every change, so the server knows results may be stale. */
  epoch = 0;
  truncated = false;

  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders)];
    this.rescan();
  }

  addFolder(folder: string): void {
    if (!this.folders.includes(folder)) this.folders.push(folder);
    this.rescan();
  }

  removeFolder(folder: string): void {
    this.folders = this.folders.filter((f) => f !== folder);
    this.rescan();
  }

  contains(path: string): boolean {
    return this.folders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`));
  }

  get size(): number {
    return this.files.size;
  }

  rescan(): void {
    this.files.clear();
    this.truncated = false;
    let entries = 0;
    const visit = (dir: string, depth: number): void => {
      if (depth > 32 || this.files.size >= MAX_FILES) return;
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of names) {
        if (++entries > MAX_ENTRIES || this.files.size >= MAX_FILES) {
          this.truncated = true;
          return;
        }
        if (SKIPPED_DIRS.has(name)) continue;
        const abs = join(dir, name);
        let st;
        try {
          st = statSync(abs);
        } catch {
          continue;
        }
        if (st.isDirectory()) visit(abs, depth + 1);
        else if (st.isFile() && LINTED.test(name) && st.size <= MAX_FILE_BYTES) this.read(abs);
      }
    };
    for (const f of this.folders) visit(f, 0);
    this.epoch++;
  }

  private read(path: string): void {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.length <= MAX_FILE_BYTES) this.files.set(path, { text });
    } catch {
      // Unreadable files are simply not part of the workspace.
    }
  }

  /** A file was created, changed or deleted on disk. */
  update(path: string, deleted: boolean): void {
    this.epoch++;
    this.files.delete(path);
    if (deleted || !LINTED.test(path) || !this.contains(path)) return;
    if (this.files.size >= MAX_FILES) return;
    try {
      const st = statSync(path);
      if (st.isFile() && st.size <= MAX_FILE_BYTES) this.read(path);
    } catch {
      // gone again
    }
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  parsed(path: string): ParsedFile | undefined {
    const e = this.files.get(path);
    if (!e) return undefined;
    e.parsed ??= parseFile({ path, text: e.text });
    return e.parsed;
  }

  /**
   * Files another document may refer to: those holding at least one object
   * that is not a Shoot (ConfigMaps, CloudProfiles, ...). Shoots in other files
   * cannot change an open document's findings, so they are not linted on
   * every keystroke.
   */
  referenceFiles(except: ReadonlySet<string>): ParsedFile[] {
    if (this.refs?.epoch !== this.epoch) {
      const list: ParsedFile[] = [];
      for (const [path, e] of this.files) {
        if (!maybeObject(e.text)) continue;
        const p = this.parsed(path);
        if (p && p.objects.some((o) => o.kind !== 'Shoot')) list.push(p);
      }
      this.refs = { epoch: this.epoch, list };
    }
    return this.refs.list.filter((p) => !except.has(p.path));
  }

  private refs?: { epoch: number; list: ParsedFile[] };
}
