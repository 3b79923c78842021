import { ruleDocsUrl } from '../engine/rule.ts';
import type { LintMessage } from '../engine/types.ts';
import type { Spool } from '../run/sink.ts';
import { memorySpool } from '../run/sink.ts';
import type { Formatter } from './types.ts';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** A terminal hyperlink (OSC 8): the text stays as it is where terminals do not support it. */
const link = (on: boolean) => (text: string, url: string | undefined) => (on && url ? `\x1b]8;;${url}\x07${text}\x1b]8;;\x07` : text);

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A finding's row: its position (padded when the file is written), text and rule. */
interface Row {
  readonly pos: string;
  readonly id: string;
  readonly error: boolean;
  readonly text: string;
  readonly rule: string;
  readonly hint?: string;
}

interface RuleCount {
  readonly id: string;
  readonly name: string;
  errors: number;
  warnings: number;
}

/**
 * ESLint's stylish layout: grouped by file, `line:col  severity  message  rule`,
 * fix hints, then a summary: the totals, a line per rule with its count and
 * documentation link, and how many problems `--fix` can fix. The summary is
 * built from counts kept per finding.
 */
const stylish: Formatter = (ctx, write) => {
  const red = paint(ctx.color, '31');
  const yellow = paint(ctx.color, '33');
  const dim = paint(ctx.color, '2');
  const bold = paint(ctx.color, '1');
  const under = paint(ctx.color, '4');
  const href = link(ctx.color);
  const docs = (id: string): string | undefined => (ctx.rulesMeta.has(id) ? ruleDocsUrl(id) : undefined);
  let errors = 0;
  let warnings = 0;
  let safeFixes = 0;
  let reviewFixes = 0;
  const byRule = new Map<string, RuleCount>();
  const count = (m: LintMessage): void => {
    let c = byRule.get(m.ruleId);
    if (!c) byRule.set(m.ruleId, (c = { id: m.ruleId, name: m.ruleName, errors: 0, warnings: 0 }));
    if (m.severity === 2) c.errors++;
    else c.warnings++;
    if (m.fixOps?.safe) safeFixes++;
    else if (m.fixOps) reviewFixes++;
  };
  // The output opens with an empty line, once there is anything to say; every line ends in a newline.
  let started = false;
  const line = (text: string): void => {
    write(started ? `${text}\n` : `\n${text}\n`);
    started = true;
  };
  const rowOf = (m: LintMessage): Row => ({
    pos: `${m.line}:${m.column}`,
    id: m.ruleId,
    error: m.severity === 2,
    text: `${m.message.replace(/\s*\n\s*/g, ' ')}${m.object?.overlay ? ` [${m.object.overlay}]` : ''}`,
    rule: m.ruleName && m.ruleName !== m.ruleId ? `${m.ruleId} ${m.ruleName}` : m.ruleId,
    ...(m.state === 'fail' || m.state === 'unverifiable' ? (m.fix !== undefined ? { hint: m.fix } : {}) : {}),
  });
  // The lines of a row, its position padded to the widest of its file.
  const rowLines = (r: Row, posW: number): string => {
    const sev = r.error ? red('error  ') : yellow('warning');
    const first = `  ${dim(r.pos.padEnd(posW))}  ${sev}  ${r.text}  ${dim(href(r.rule, docs(r.id)))}`;
    return r.hint ? `${first}\n  ${' '.repeat(posW)}  ${' '.repeat(7)}  ${dim(`fix: ${r.hint}`)}` : first;
  };
  // A file handed on in parts: its rows wait in a spool (one JSON line each) until the widest position is known.
  let open: { spool: Spool; posW: number; rows: number } | undefined;
  return {
    file: (f, _results, more = false) => {
      errors += f.errorCount;
      warnings += f.warningCount;
      for (const m of f.messages) count(m);
      if (!open && !more) {
        if (f.messages.length === 0) return;
        const rows = f.messages.map(rowOf);
        // A fold, not Math.max(...rows): a file can hold more findings than a call has room for arguments.
        const posW = rows.reduce((w, r) => Math.max(w, r.pos.length), 0);
        line([under(f.filePath), ...rows.map((r) => rowLines(r, posW)), ''].join('\n'));
        return;
      }
      open ??= { spool: (ctx.spool ?? memorySpool)(), posW: 0, rows: 0 };
      for (const m of f.messages) {
        const r = rowOf(m);
        open.posW = Math.max(open.posW, r.pos.length);
        open.rows++;
        open.spool.write(`${JSON.stringify(r)}\n`);
      }
      if (more) return;
      const { spool, posW, rows } = open;
      open = undefined;
      if (rows === 0) return;
      line(under(f.filePath));
      let carry = '';
      spool.drain((piece) => {
        const lines = (carry + piece).split('\n');
        carry = lines.pop()!;
        for (const l of lines) write(`${rowLines(JSON.parse(l) as Row, posW)}\n`);
      });
      write('\n');
    },
    end: () => {
      const total = errors + warnings;
      if (total === 0) return;
      const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
      line(bold(errors ? red(summary) : yellow(summary)));
      const rules = [...byRule.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings) || a.id.localeCompare(b.id, 'en', { numeric: true }));
      const label = (c: RuleCount): string => (c.name && c.name !== c.id ? `${c.id} ${c.name}` : c.id);
      const labelW = Math.max(...rules.map((c) => label(c).length));
      const counts = rules.map((c) => [c.errors ? plural(c.errors, 'error') : '', c.warnings ? plural(c.warnings, 'warning') : ''].filter(Boolean).join(', '));
      const countW = Math.max(...counts.map((c) => c.length));
      rules.forEach((c, i) => {
        const url = docs(c.id);
        line(`  ${label(c).padEnd(labelW)}  ${url ? `${counts[i]!.padEnd(countW)}  ${dim(href(url, url))}` : counts[i]}`);
      });
      if (safeFixes || reviewFixes) {
        const safe = `${plural(safeFixes, 'problem')} fixable with --fix`;
        const review = reviewFixes ? `${safeFixes ? '; ' : ''}${reviewFixes} more with --fix-all (review them: they can lock people out)` : '';
        line(`  ${safeFixes ? safe : ''}${review}`.replace(/^ {2}; /, '  '));
      }
    },
  };
};

export default stylish;
