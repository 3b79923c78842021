/**
 * A render's output as the engine lints it (one source text per kustomization
 * or chart) and the mapping of its findings back to the files they came from.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { LineIndex } from '../engine/positions.ts';
import type { FileResult, LintMessage, LintOutput, ObjectRef, RelatedLocation, RuleResult, Span, YamlPath } from '../engine/types.ts';
import type { SourcePlace } from './yaml-source.ts';
import { locatePath, parseDocs, parsePath } from './yaml-source.ts';

/** Where a rendered object's fields come from. */
export interface ObjectSource {
  locate(path: YamlPath): SourcePlace;
  readonly fallback: SourcePlace;
}

export interface RenderedDoc {
  readonly value: unknown;
  readonly source: ObjectSource;
}

export interface Rendered {
  /** `kustomize` or `helm`. */
  readonly tool: 'kustomize' | 'helm';
  /** The kustomization folder or chart folder (absolute). */
  readonly dir: string;
  /** The name the run gives the rendered text (the kustomization or Chart.yaml file). */
  readonly path: string;
  readonly text: string;
  readonly docs: readonly RenderedDoc[];
  /** The overlay or chart as findings name it (relative to the working directory). */
  readonly overlay: string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') ? abs : rel).split(sep).join('/');
}

const texts = new Map<string, LineIndex | undefined>();
function linesOf(file: string): LineIndex | undefined {
  if (!texts.has(file)) {
    let lines: LineIndex | undefined;
    try {
      lines = new LineIndex(readFileSync(file, 'utf8'), { skipBom: true });
    } catch {
      lines = undefined;
    }
    texts.set(file, lines);
  }
  return texts.get(file);
}

interface Placed {
  readonly filePath: string;
  readonly span: Span;
}

/**
 * Maps a rendered text's findings to their sources: by the document a finding
 * is in and its YAML path; a line inside a block scalar (an embedded audit
 * policy) keeps its place inside the block.
 */
export class RenderMapper {
  private readonly docLines: { start: number; end: number; doc: RenderedDoc; parsed: ReturnType<typeof parseDocs>[number] | undefined }[] = [];
  private readonly lines: LineIndex;

  constructor(
    readonly rendered: Rendered,
    private readonly cwd: string,
  ) {
    this.lines = new LineIndex(rendered.text);
    const parsed = parseDocs(rendered.text);
    let i = 0;
    for (const p of parsed) {
      const doc = rendered.docs[i++];
      if (!doc) break;
      const r = p.doc.range;
      this.docLines.push({ start: this.lines.position(r[0]).line, end: this.lines.position(r[2]).line, doc, parsed: p });
    }
  }

  private place(line: number, path: string): Placed {
    const d = this.docLines.find((x) => line >= x.start && line <= x.end) ?? this.docLines[0];
    const at = parsePath(path);
    const place = d ? d.doc.source.locate(at) : { file: this.rendered.path, range: [0, 0] as const };
    const lines = linesOf(place.file);
    const filePath = display(this.cwd, place.file);
    if (!lines) return { filePath, span: { offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1 } };
    let span = lines.span(place.range[0], place.range[1]);
    // A line inside a block scalar (an audit policy in a ConfigMap): the same line of the source's block.
    if (place.blockStart !== undefined && d?.parsed) {
      const r = locatePath(d.parsed, at);
      if (r.blockStart !== undefined) {
        const renderedBlock = this.lines.position(r.blockStart).line;
        const sourceBlock = lines.position(place.blockStart).line;
        const delta = line - renderedBlock;
        if (delta > 0) {
          const target = sourceBlock + delta;
          const start = lines.lineStart(target);
          span = lines.span(start, start);
          const text = lines.text.slice(start, lines.text.indexOf('\n', start) === -1 ? undefined : lines.text.indexOf('\n', start));
          const indent = text.length - text.trimStart().length;
          span = lines.span(start + indent, start + text.length);
        }
      }
    }
    return { filePath, span };
  }

  private objectOf(o: ObjectRef | undefined): ObjectRef | undefined {
    return o ? { ...o, overlay: this.rendered.overlay } : o;
  }

  /** The messages of the rendered text, each at its source, grouped by file. */
  mapFile(f: FileResult): Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }> {
    const out = new Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }>();
    const add = (m: LintMessage, suppressed: boolean): void => {
      const p = this.place(m.line, m.path);
      const { fixOps: _fixOps, documentIndex: _d, objectPath: _o, ...rest } = m;
      const related: RelatedLocation[] | undefined = m.relatedLocations?.map((r) => {
        if (r.filePath !== this.rendered.path) return r;
        const q = this.place(r.line, r.path ?? '');
        return { ...r, filePath: q.filePath, ...q.span };
      });
      const object = this.objectOf(m.object);
      const mapped: LintMessage = { ...rest, ...p.span, ...(object ? { object } : {}), ...(related ? { relatedLocations: related } : {}) };
      let e = out.get(p.filePath);
      if (!e) out.set(p.filePath, (e = { messages: [], suppressed: [] }));
      (suppressed ? e.suppressed : e.messages).push(mapped);
    };
    for (const m of f.messages) add(m, false);
    for (const m of f.suppressedMessages) add(m, true);
    return out;
  }

  mapResult(r: RuleResult): RuleResult {
    const p = this.place(r.span?.line ?? 1, r.path ?? '');
    const object = this.objectOf(r.object);
    return { ...r, filePath: p.filePath, span: p.span, ...(object ? { object } : {}) };
  }
}

/** The lint output with every rendered text's findings at their sources, merged with the other files' results. */
export function mapOutput(output: LintOutput, renders: readonly Rendered[], cwd: string, resultsAtRender = false): LintOutput {
  const mappers = new Map(renders.map((r) => [r.path, new RenderMapper(r, cwd)]));
  const byPath = new Map<string, { messages: LintMessage[]; suppressed: LintMessage[] }>();
  const put = (path: string, messages: LintMessage[], suppressed: LintMessage[]): void => {
    let e = byPath.get(path);
    if (!e) byPath.set(path, (e = { messages: [], suppressed: [] }));
    e.messages.push(...messages);
    e.suppressed.push(...suppressed);
  };
  for (const f of output.files) {
    const mapper = mappers.get(f.filePath);
    if (!mapper) {
      put(f.filePath, f.messages, f.suppressedMessages);
      continue;
    }
    for (const [path, e] of mapper.mapFile(f)) put(path, e.messages, e.suppressed);
  }
  const order = (a: LintMessage, b: LintMessage): number => a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId) || compareText(a.object?.overlay ?? '', b.object?.overlay ?? '') || compareText(a.message, b.message);
  const files: FileResult[] = [...byPath].map(([filePath, e]) => {
    const messages = e.messages.sort(order);
    return {
      filePath,
      messages,
      suppressedMessages: e.suppressed.sort(order),
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
    };
  });
  // The compliance report counts a result for the Shoot of its render: it stays at the render, without a line of the rendered text.
  const atRender = (r: RuleResult): RuleResult => {
    const { span: _span, ...rest } = r;
    return { ...rest, ...(r.object ? { object: { ...r.object, overlay: mappers.get(r.filePath)!.rendered.overlay } } : {}) };
  };
  const results = output.results.map((r) => (mappers.has(r.filePath) ? (resultsAtRender ? atRender(r) : mappers.get(r.filePath)!.mapResult(r)) : r));
  return { files, results };
}
