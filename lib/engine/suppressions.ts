/**
 * Suppressions an auditor can read: every one names its rules and gives a
 * reason, may carry an expiry, and is itself reported when it is malformed,
 * expired or suppresses nothing.
 *
 * Comment forms (YAML only; JSON has no comments):
 *
 *   # shootlint-disable-next-line 242393, no-dashboard -- reason (until 2027-03-31)
 *   # shootlint-disable 242393 -- reason         ...   # shootlint-enable 242393
 *   # shootlint-disable-file 242393 -- reason
 *
 * Annotation form (kept by kubectl, Helm and Kustomize, which drop comments),
 * one suppression per line of the value:
 *
 *   metadata:
 *     annotations:
 *       shootlint.gardener.cloud/suppress: |
 *         242393: reason (until 2027-03-31)
 *         242395, 242396: another reason
 *
 * It applies to the findings of the object that carries it. Reasons may hold
 * `;`, `,` and `:` freely; only a line break separates two suppressions.
 */
import { Lexer } from 'yaml';
import { INVALID_SUPPRESSION, UNUSED_SUPPRESSION } from './builtin-ids.ts';
import type { KubeObject, ParsedFile } from './document.ts';
import { locateIn } from './locate.ts';
import { formatPath } from './positions.ts';
import type { LintMessage, ObjectRef, Span, Suppression, YamlPath } from './types.ts';
import { collate } from './collate.ts';

export const SUPPRESS_ANNOTATION = 'shootlint.gardener.cloud/suppress';

export interface SuppressionOutcome {
  readonly messages: LintMessage[];
  readonly suppressed: LintMessage[];
}

export interface SuppressionContext {
  /** Every rule id and name a directive may name. */
  readonly ruleIds: readonly string[];
  /**
   * Ids and names of the rules that ran for this file. A suppression of a rule
   * that did not run (turned off) is not reported as unused. Defaults to `ruleIds`.
   */
  readonly activeRuleIds?: readonly string[];
  /** YYYY-MM-DD; a suppression whose expiry is before it no longer works. */
  readonly today: string;
}

type Form = 'next-line' | 'block' | 'file' | 'annotation';

interface Directive {
  readonly form: Form;
  /** Rule ids or names as written. */
  readonly rules: readonly string[];
  readonly reason: string;
  readonly until?: string;
  readonly span: Span;
  /** Lines (1-based, inclusive) the directive covers (comment forms). */
  firstLine: number;
  lastLine: number;
  /** The object an annotation belongs to. */
  readonly object?: KubeObject;
  /** False when malformed or expired: it suppresses nothing. */
  readonly active: boolean;
  readonly used: Set<string>;
}

interface Problem {
  readonly ruleId: typeof INVALID_SUPPRESSION | typeof UNUSED_SUPPRESSION;
  readonly message: string;
  readonly span: Span;
  readonly object?: KubeObject;
}

const COMMENT = /^#\s*shootlint-([a-z][a-z-]*)\b\s*(.*?)\s*$/;
const UNTIL = /\(\s*until\s+([^)\s]*)\s*\)\s*$/;
/** Zero-width control tokens of the yaml lexer (document start, flow end, scalar). */
const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);
const NOT_SUPPRESSIBLE = new Set([INVALID_SUPPRESSION, UNUSED_SUPPRESSION]);

/** Applies comment and annotation suppressions of one file. */
export function applySuppressions(file: ParsedFile, messages: LintMessage[], ctx: SuppressionContext): SuppressionOutcome {
  if (!file.text.includes('shootlint')) return { messages, suppressed: [] };
  const known = new Set(ctx.ruleIds);
  const active = new Set(ctx.activeRuleIds ?? ctx.ruleIds);
  const problems: Problem[] = [];
  const directives = [...commentDirectives(file, ctx, known, problems), ...annotationDirectives(file, ctx, known, problems)];

  const kept: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  for (const m of messages) {
    const matching = NOT_SUPPRESSIBLE.has(m.ruleId) ? [] : directives.filter((d) => d.active && covers(d, m));
    const names = (d: Directive): string[] => d.rules.filter((r) => r === m.ruleId || r === m.ruleName);
    const hits = matching.filter((d) => names(d).length > 0);
    if (hits.length === 0) {
      kept.push(m);
      continue;
    }
    for (const d of hits) for (const n of names(d)) d.used.add(n);
    suppressed.push({ ...m, suppressions: hits.map(toSuppression) });
  }

  for (const d of directives) {
    if (!d.active) continue;
    for (const r of d.rules) {
      if (!known.has(r) || !active.has(r) || d.used.has(r)) continue;
      problems.push({
        ruleId: UNUSED_SUPPRESSION,
        message: `Unused suppression: no ${r} finding ${scopeText(d)}; remove the suppression or the rule name from it.`,
        span: d.span,
        ...(d.object ? { object: d.object } : {}),
      });
    }
  }
  if (problems.length === 0) return { messages: kept, suppressed };
  const all = [...kept, ...problems.map((p) => problemMessage(p))].sort(compareMessages);
  return { messages: all, suppressed };
}

function scopeText(d: Directive): string {
  switch (d.form) {
    case 'next-line':
      return `on line ${d.firstLine}`;
    case 'block':
      return `on lines ${d.firstLine}-${d.lastLine}`;
    case 'file':
      return 'in this file';
    case 'annotation':
      return `in ${d.object?.kind ?? 'this object'} ${d.object?.name ?? ''}`.trimEnd();
  }
}

function toSuppression(d: Directive): Suppression {
  return { kind: d.form === 'annotation' ? 'annotation' : 'comment', justification: d.reason, ...(d.until ? { until: d.until } : {}) };
}

function covers(d: Directive, m: LintMessage): boolean {
  if (d.form === 'annotation') {
    const o = d.object!;
    return m.documentIndex === o.documentIndex && samePath(m.objectPath ?? [], o.objectPath);
  }
  return m.line >= d.firstLine && m.line <= d.lastLine;
}

function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

interface Parsed {
  readonly rules: string[];
  readonly reason: string;
  readonly until?: string;
  readonly errors: string[];
}

/** Checks rule names, reason and expiry shared by both forms. */
function parseBody(rulesText: string, reasonText: string | undefined, ctx: SuppressionContext, known: ReadonlySet<string>): Parsed & { expired: boolean } {
  const errors: string[] = [];
  const rules = rulesText.split(',').map((r) => r.trim()).filter(Boolean);
  if (rules.length === 0) errors.push('names no rule; name the rule ids or names it suppresses');
  const unknown = rules.filter((r) => !known.has(r));
  if (unknown.length) errors.push(`names unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}`);
  let reason = (reasonText ?? '').trim();
  let until: string | undefined;
  const u = UNTIL.exec(reason);
  if (u) {
    until = u[1]!;
    reason = reason.slice(0, u.index).trim();
    if (!isDate(until)) errors.push(`has an invalid expiry "${until}"; write (until YYYY-MM-DD)`);
  }
  if (!reason) errors.push('has no reason; an auditor needs one');
  else {
    const placeholder = placeholderReason(reason);
    if (placeholder) errors.push(`has a placeholder reason (${placeholder}); say why the finding is acceptable`);
  }
  const expired = until !== undefined && isDate(until) && until < ctx.today;
  return { rules, reason, ...(until ? { until } : {}), errors, expired };
}

/** Fewest words a reason must have: a reason says why, not just "ok". */
export const MIN_REASON_WORDS = 3;
const PLACEHOLDER_WORD = /(?:^|[^\p{L}\p{N}])(todo|fixme|tbd|xxx)(?:$|[^\p{L}\p{N}])/iu;
const PLACEHOLDER_TEXT = /^(?:n\/?a|none|no reason|reason|tba|-+|\.+|\?+|<[^>]*>)$/i;

/**
 * Why a reason is only a placeholder (undefined: it is a reason). Placeholders
 * are rejected so that no "TODO" is ever recorded as an accepted exception.
 */
export function placeholderReason(reason: string): string | undefined {
  const text = reason.trim();
  const word = PLACEHOLDER_WORD.exec(text);
  if (word) return `"${word[1]}"`;
  if (PLACEHOLDER_TEXT.test(text)) return `"${text}"`;
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length < MIN_REASON_WORDS) return `fewer than ${MIN_REASON_WORDS} words`;
  return undefined;
}

/** Errors that make a directive suppress nothing (an unknown rule among known ones does not). */
function blocks(error: string): boolean {
  return error.startsWith('has an invalid expiry') || error.startsWith('has a placeholder reason');
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

interface Comment {
  readonly text: string;
  readonly offset: number;
}

/** Comments of the file, found by the YAML lexer (so `#` inside strings and block scalars is not one). */
function comments(text: string): Comment[] {
  const out: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && CONTROL.has(token)) continue;
    if (token.startsWith('#')) out.push({ text: token, offset });
    offset += token.length;
  }
  return out;
}

/**
 * True when a comment starting at `offset` is a comment of the file itself
 * (not text inside a block scalar or a quoted string), so a directive written
 * there is read as one.
 */
export function isFileComment(text: string, offset: number): boolean {
  return comments(text).some((c) => c.offset === offset);
}

function commentDirectives(file: ParsedFile, ctx: SuppressionContext, known: ReadonlySet<string>, problems: Problem[]): Directive[] {
  const out: Directive[] = [];
  const all = comments(file.text);
  // Lines that hold nothing but a comment: a trailing comment (`enabled: true   # note`) leaves its line a content line.
  const commentLines = new Set(all.filter((c) => commentOnly(file, c)).map((c) => file.lines.position(c.offset).line));
  const lastLine = file.lines.lineCount;
  const open: Directive[] = [];
  for (const c of all) {
    const m = COMMENT.exec(c.text);
    if (!m) continue;
    const span = file.lines.span(c.offset, c.offset + c.text.length);
    const invalid = (message: string): void => void problems.push({ ruleId: INVALID_SUPPRESSION, message, span });
    const [, verb, rest] = m as unknown as [string, string, string];
    const sep = rest.indexOf('--');
    const rulesText = sep === -1 ? rest : rest.slice(0, sep);
    const reasonText = sep === -1 ? undefined : rest.slice(sep + 2);

    if (verb === 'enable') {
      const names = rulesText.split(',').map((r) => r.trim()).filter(Boolean);
      const closing = names.length === 0 ? [...open] : open.filter((d) => d.rules.some((r) => names.includes(r)));
      const unmatched = names.filter((n) => !open.some((d) => d.rules.includes(n)));
      if (unmatched.length) invalid(`shootlint-enable ${unmatched.join(', ')} has no shootlint-disable before it`);
      for (const d of closing) {
        d.lastLine = span.line;
        open.splice(open.indexOf(d), 1);
      }
      continue;
    }
    const form: Form | undefined = verb === 'disable-next-line' ? 'next-line' : verb === 'disable' ? 'block' : verb === 'disable-file' ? 'file' : undefined;
    if (!form) {
      invalid(`unknown directive "shootlint-${verb}"; use shootlint-disable-next-line, shootlint-disable, shootlint-enable or shootlint-disable-file`);
      continue;
    }
    const body = parseBody(rulesText, reasonText, ctx, known);
    for (const e of body.errors) invalid(`Suppression ${e}: ${c.text.trim()}`);
    if (body.expired) invalid(`Suppression expired on ${body.until} and no longer applies: ${c.text.trim()}`);
    const usable = body.rules.length > 0 && body.reason !== '' && !body.errors.some(blocks) && !body.expired;
    let firstLine = span.line;
    let last = lastLine;
    if (form === 'next-line') {
      let next = span.line + 1;
      while (next <= lastLine && (commentLines.has(next) || isBlank(file, next))) next++;
      firstLine = next;
      last = next;
    } else if (form === 'file') {
      firstLine = 1;
    }
    const d: Directive = {
      form, rules: body.rules, reason: body.reason, ...(body.until ? { until: body.until } : {}),
      span, firstLine, lastLine: last, active: usable, used: new Set(),
    };
    out.push(d);
    if (form === 'block') open.push(d);
  }
  return out;
}

function commentOnly(file: ParsedFile, c: Comment): boolean {
  const line = file.lines.position(c.offset).line;
  return file.text.slice(file.lines.lineStart(line), c.offset).trim() === '';
}

function isBlank(file: ParsedFile, line: number): boolean {
  const start = file.lines.lineStart(line);
  const end = line < file.lines.lineCount ? file.lines.lineStart(line + 1) : file.text.length;
  return file.text.slice(start, end).trim() === '';
}

function annotationDirectives(file: ParsedFile, ctx: SuppressionContext, known: ReadonlySet<string>, problems: Problem[]): Directive[] {
  const out: Directive[] = [];
  for (const o of file.objects) {
    const meta = o.value.metadata as { annotations?: Record<string, unknown> } | undefined;
    const value = meta?.annotations?.[SUPPRESS_ANNOTATION];
    if (value === undefined) continue;
    const at = ['metadata', 'annotations', SUPPRESS_ANNOTATION];
    const r = locateIn(o, at).range;
    const span = file.lines.span(r[0], r[1]);
    const invalid = (message: string): void => void problems.push({ ruleId: INVALID_SUPPRESSION, message, span, object: o });
    if (typeof value !== 'string') {
      invalid(`The ${SUPPRESS_ANNOTATION} annotation must be a string: one "<rule ids>: <reason>" per line`);
      continue;
    }
    for (const line of value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const colon = line.indexOf(':');
      const body = parseBody(colon === -1 ? line : line.slice(0, colon), colon === -1 ? undefined : line.slice(colon + 1), ctx, known);
      for (const e of body.errors) invalid(`Suppression ${e}: "${line}" (write "<rule ids>: <reason>")`);
      if (body.expired) invalid(`Suppression expired on ${body.until} and no longer applies: "${line}"`);
      const usable = body.rules.length > 0 && body.reason !== '' && !body.errors.some(blocks) && !body.expired;
      out.push({
        form: 'annotation', rules: body.rules, reason: body.reason, ...(body.until ? { until: body.until } : {}),
        span, firstLine: span.line, lastLine: span.endLine, object: o, active: usable, used: new Set(),
      });
    }
  }
  return out;
}

function problemMessage(p: Problem): LintMessage {
  const object: ObjectRef | undefined = p.object
    ? { kind: p.object.kind, name: p.object.name, ...(p.object.namespace !== undefined ? { namespace: p.object.namespace } : {}), apiVersion: p.object.apiVersion }
    : undefined;
  return {
    ruleId: p.ruleId,
    ruleName: p.ruleId,
    severity: 1,
    message: p.message,
    state: 'invalid-suppression',
    path: p.object ? formatPath(['metadata', 'annotations', SUPPRESS_ANNOTATION]) : '',
    ...(object ? { object, documentIndex: p.object!.documentIndex, objectPath: p.object!.objectPath } : {}),
    fix: p.ruleId === UNUSED_SUPPRESSION ? 'Remove the suppression.' : 'Write the suppression as "<rule ids> -- <reason> (until YYYY-MM-DD)" with known rule ids.',
    ...p.span,
  };
}

function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.offset - b.offset || a.endOffset - b.endOffset || a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }) || collate(a.message, b.message);
}
