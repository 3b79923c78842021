/**
 * Open documents, kept in sync with the client (incremental changes applied
 * in the negotiated position encoding, which `TextDocuments` cannot do for
 * UTF-8), and the mapping between URIs and the paths the engine reports.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { PositionEncoding } from './convert.ts';
import { TextPositions } from './convert.ts';

export interface OpenDocument {
  readonly uri: string;
  /** The name the engine gets: a file system path for file: URIs, the URI otherwise. */
  readonly path: string;
  readonly languageId: string;
  version: number;
  text: string;
}

/** Documents worth linting: YAML and JSON (by language id or by file name). */
export function isLintable(uri: string, languageId?: string): boolean {
  if (languageId && /^(yaml|json|jsonc)$/i.test(languageId)) return true;
  return /\.(ya?ml|json)$/i.test(uri.split(/[?#]/)[0]!);
}

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}

export class Documents {
  private readonly byUri = new Map<string, OpenDocument>();
  private readonly byPath = new Map<string, OpenDocument>();
  private readonly lineCache = new WeakMap<OpenDocument, TextPositions>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const doc: OpenDocument = { uri, path: uriToPath(uri), languageId, version, text };
    this.byUri.set(uri, doc);
    this.byPath.set(doc.path, doc);
    return doc;
  }

  /** Applies changes in order; a change without a range replaces the whole text. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[], encoding: PositionEncoding): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    for (const c of changes) {
      if (!('range' in c) || c.range === undefined) {
        doc.text = c.text;
      } else {
        const p = this.positions(doc);
        const from = p.offset(c.range.start, encoding);
        const to = Math.max(from, p.offset(c.range.end, encoding));
        doc.text = doc.text.slice(0, from) + c.text + doc.text.slice(to);
      }
    }
    doc.version = version;
    return doc;
  }

  close(uri: string): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    this.byUri.delete(uri);
    if (this.byPath.get(doc.path) === doc) this.byPath.delete(doc.path);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  byEnginePath(path: string): OpenDocument | undefined {
    return this.byPath.get(path);
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }

  /** Line index of the document's current text (cached until it changes). */
  positions(doc: OpenDocument): TextPositions {
    let p = this.lineCache.get(doc);
    if (!p || p.text !== doc.text) {
      p = new TextPositions(doc.text);
      this.lineCache.set(doc, p);
    }
    return p;
  }
}
