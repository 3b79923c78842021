/**
 * The workspace folders as the language server sees them: one repository
 * index per folder (lib/run/repo-index.ts) of every manifest, built in slices
 * at start-up so the server keeps answering, kept current from watched-file
 * notifications, with the text of open documents in place of what is on
 * disk. Files are read and parsed only when a lint needs them (as context of
 * an open document), and the parse is kept until the file changes.
 */
import { parseFile } from '../engine/document.ts';
import type { ParsedFile } from '../engine/document.ts';
import { RepoIndex, readText } from '../run/repo-index.ts';

/** Files larger than this are not indexed (a Shoot is a few kB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Disk texts and parses kept for context; beyond these many the oldest are read (parsed) again when needed. */
const MAX_CACHED_TEXTS = 2000;
const MAX_CACHED_PARSES = 500;

export interface IndexOptions {
  /** True for files the configuration ignores. */
  readonly ignored: (path: string) => boolean;
  /** Files indexed so far, while a folder is being indexed. */
  readonly progress?: (files: number) => void;
}

export class WorkspaceIndex {
  private folders: string[] = [];
  private readonly indexes = new Map<string, RepoIndex>();
  private readonly open = new Map<string, string>();
  private readonly texts = new Map<string, string>();
  private readonly parsedFiles = new Map<string, { text: string; parsed: ParsedFile }>();
  private building: Promise<void> | undefined;
  private generation = 0;
  /** False until every folder has been indexed once. */
  ready = false;

  constructor(private readonly options: IndexOptions) {}

  /** Sets the folders and indexes them in the background; resolves when done (a newer call supersedes it). */
  setFolders(folders: readonly string[]): Promise<void> {
    this.folders = [...new Set(folders)];
    return this.rebuild();
  }

  addFolder(folder: string): Promise<void> {
    return this.setFolders([...this.folders, folder]);
  }

  removeFolder(folder: string): Promise<void> {
    return this.setFolders(this.folders.filter((f) => f !== folder));
  }

  /** Indexes every folder again (the configuration's ignore patterns changed). */
  rebuild(): Promise<void> {
    const generation = ++this.generation;
    this.ready = false;
    this.texts.clear();
    this.parsedFiles.clear();
    const run = async (): Promise<void> => {
      const built = new Map<string, RepoIndex>();
      for (const folder of this.folders) {
        const index = await RepoIndex.buildInSlices(
          { root: folder, maxFileBytes: MAX_FILE_BYTES, ignored: (p) => this.options.ignored(p) },
          (n) => generation === this.generation && this.options.progress?.(n),
        );
        if (generation !== this.generation) return;
        built.set(folder, index);
      }
      this.indexes.clear();
      for (const [folder, index] of built) {
        // Open documents were edited while the index was built: their text wins.
        for (const [path, text] of this.open) if (contains(folder, path)) index.setText(path, text);
        this.indexes.set(folder, index);
      }
      this.ready = true;
    };
    this.building = run();
    return this.building;
  }

  /** The number of files indexed. */
  get size(): number {
    let n = 0;
    for (const i of this.indexes.values()) n += i.size;
    return n;
  }

  contains(path: string): boolean {
    return this.folders.some((f) => contains(f, path));
  }

  /** The index of the folder holding `path` (the innermost one), if any. */
  indexFor(path: string): RepoIndex | undefined {
    let best: string | undefined;
    for (const f of this.indexes.keys()) if (contains(f, path) && (!best || f.length > best.length)) best = f;
    return best === undefined ? undefined : this.indexes.get(best);
  }

  /** An open document's text, in place of the file on disk. */
  setOpen(path: string, text: string): void {
    if (this.open.get(path) === text) return;
    this.open.set(path, text);
    this.indexFor(path)?.setText(path, text);
  }

  /** A document was closed: the file on disk counts again. */
  close(path: string): void {
    if (!this.open.delete(path)) return;
    this.forget(path);
    this.indexFor(path)?.refresh(path, { ignored: (p) => this.options.ignored(p), maxFileBytes: MAX_FILE_BYTES });
  }

  /** A file was created, changed or deleted on disk. */
  changedOnDisk(path: string, deleted: boolean): void {
    this.forget(path);
    if (this.open.has(path)) return;
    const index = this.indexFor(path);
    if (!index) return;
    if (deleted) index.delete(path);
    else index.refresh(path, { ignored: (p) => this.options.ignored(p), maxFileBytes: MAX_FILE_BYTES });
  }

  /** A file's text: the open document's, else the disk's (kept until it changes). */
  read(path: string): string | undefined {
    const open = this.open.get(path);
    if (open !== undefined) return open;
    let text = this.texts.get(path);
    if (text === undefined) {
      text = readText(path);
      if (text === undefined) return undefined;
      if (this.texts.size >= MAX_CACHED_TEXTS) this.texts.delete(this.texts.keys().next().value!);
      this.texts.set(path, text);
    }
    return text;
  }

  /** The parse of a file's text, kept while the text stays the same. */
  parsed(path: string, text: string): ParsedFile {
    const cached = this.parsedFiles.get(path);
    if (cached && cached.text === text) return cached.parsed;
    const parsed = parseFile({ path, text });
    if (this.parsedFiles.size >= MAX_CACHED_PARSES) this.parsedFiles.delete(this.parsedFiles.keys().next().value!);
    this.parsedFiles.set(path, { text, parsed });
    return parsed;
  }

  private forget(path: string): void {
    this.texts.delete(path);
    this.parsedFiles.delete(path);
  }
}

function contains(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}
