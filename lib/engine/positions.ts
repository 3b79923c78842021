import type { Span } from './types.ts';

/**
 * Maps offsets to 1-based line/column. Columns count UTF-16 code units (what
 * JavaScript strings index and what LSP clients expect by default). CRLF is
 * one line break; the CR belongs to the line it ends.
 *
 * A file's leading byte order mark is encoding, not text: with `skipBom`,
 * columns on line 1 count from after it (as editors show the line), while
 * offsets stay those of the file.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string, opts?: { readonly skipBom?: boolean }) {
    this.starts = [opts?.skipBom && text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: Math.max(at, this.starts[lo]!) - this.starts[lo]! + 1 };
  }

  span(offset: number, endOffset: number): Span {
    const start = this.position(offset);
    const end = this.position(Math.max(offset, endOffset));
    return { offset, endOffset: Math.max(offset, endOffset), line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** Renders a path the way users read it: spec.provider.workers[1].kubernetes. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
