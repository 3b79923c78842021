/**
 * The one place engine results become protocol types. The engine speaks in
 * offsets into a JavaScript string; the protocol in 0-based line and
 * character in the negotiated position encoding (UTF-16 code units by
 * default, UTF-8 bytes when the client offers it).
 */
import type { CodeDescription, Diagnostic, DiagnosticRelatedInformation, Position, Range, TextEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { NOT_RULE_IDS } from '../engine/builtin-ids.ts';
import { LineIndex } from '../engine/positions.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { LintMessage } from '../engine/types.ts';
import type { TextEdit as OffsetEdit } from '../fix/apply.ts';

export type PositionEncoding = 'utf-16' | 'utf-8';

/** Picks the encoding from the client's `general.positionEncodings`: UTF-8 when offered, else UTF-16 (always supported). */
export function negotiateEncoding(offered: readonly string[] | undefined): PositionEncoding {
  return offered?.includes('utf-8') ? 'utf-8' : 'utf-16';
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Offset ↔ protocol position in either encoding, over the engine's line index (protocol lines are 0-based). */
export class TextPositions {
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** End of a 0-based line's content (before its line break). */
  private lineEnd(line: number): number {
    const start = this.lines.lineStart(line + 1);
    const next = line + 1 < this.lines.lineCount ? this.lines.lineStart(line + 2) - 1 : this.text.length;
    return next > start && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  position(offset: number, encoding: PositionEncoding): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const { line, column } = this.lines.position(at);
    const character = encoding === 'utf-8' ? utf8Length(this.text.slice(at - column + 1, at)) : column - 1;
    return { line: line - 1, character };
  }

  range(offset: number, endOffset: number, encoding: PositionEncoding): Range {
    return { start: this.position(offset, encoding), end: this.position(Math.max(offset, endOffset), encoding) };
  }

  /** Offset of a position; a character past the line's end means its end (as the protocol says). */
  offset(position: Position, encoding: PositionEncoding): number {
    if (!Number.isFinite(position.line) || position.line < 0) return 0;
    if (position.line >= this.lines.lineCount) return this.text.length;
    const start = this.lines.lineStart(position.line + 1);
    const end = this.lineEnd(position.line);
    const want = Math.max(0, Number.isFinite(position.character) ? position.character : 0);
    if (encoding === 'utf-16') return Math.min(start + want, end);
    let bytes = 0;
    let i = start;
    while (i < end && bytes < want) {
      const c = this.text.charCodeAt(i);
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < end;
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      i += pair ? 2 : 1;
    }
    return i;
  }
}

/** Where a finding's related location lives: its URI and text, when the server knows the file. */
export type Resolve = (filePath: string) => { readonly uri: string; readonly positions: TextPositions } | undefined;

/** A lint message as a protocol diagnostic. */
export function toDiagnostic(m: LintMessage, positions: TextPositions, encoding: PositionEncoding, resolve: Resolve): Diagnostic {
  const isRule = !NOT_RULE_IDS.has(m.ruleId);
  const d: Diagnostic = {
    range: positions.range(m.offset, m.endOffset, encoding),
    severity: m.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: m.ruleId,
    source: 'shootlint',
    message: m.message,
  };
  if (isRule) d.codeDescription = { href: ruleDocsUrl(m.ruleId) } satisfies CodeDescription;
  if (m.deprecated) d.tags = [DiagnosticTag.Deprecated];
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of m.relatedLocations ?? []) {
    const target = resolve(r.filePath);
    if (!target) continue;
    related.push({ location: { uri: target.uri, range: target.positions.range(r.offset, r.endOffset, encoding) }, message: r.message });
  }
  if (related.length) d.relatedInformation = related;
  return d;
}

/** An offset edit (lib/fix) as a protocol text edit. */
export function toTextEdit(edit: OffsetEdit, positions: TextPositions, encoding: PositionEncoding): TextEdit {
  return { range: positions.range(edit.offset, edit.endOffset, encoding), newText: edit.text };
}
