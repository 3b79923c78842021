import type { Formatter } from './types.ts';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** ESLint's stylish layout: grouped by file, `line:col  severity  message  rule`, fix hints, a summary. */
const stylish: Formatter = (files, ctx) => {
  const red = paint(ctx.color, '31');
  const yellow = paint(ctx.color, '33');
  const dim = paint(ctx.color, '2');
  const bold = paint(ctx.color, '1');
  const under = paint(ctx.color, '4');
  let errors = 0;
  let warnings = 0;
  const out: string[] = [];
  for (const f of files) {
    if (f.messages.length === 0) continue;
    errors += f.errorCount;
    warnings += f.warningCount;
    out.push(under(f.filePath));
    const rows = f.messages.map((m) => ({
      pos: `${m.line}:${m.column}`,
      sev: m.severity === 2 ? 'error' : 'warning',
      text: m.message.replace(/\s*\n\s*/g, ' '),
      rule: m.ruleName && m.ruleName !== m.ruleId ? `${m.ruleId} ${m.ruleName}` : m.ruleId,
      hint: m.state === 'fail' || m.state === 'unverifiable' ? m.fix : undefined,
    }));
    const posW = Math.max(...rows.map((r) => r.pos.length));
    for (const r of rows) {
      const sev = r.sev === 'error' ? red('error  ') : yellow('warning');
      out.push(`  ${dim(r.pos.padEnd(posW))}  ${sev}  ${r.text}  ${dim(r.rule)}`);
      if (r.hint) out.push(`  ${' '.repeat(posW)}  ${' '.repeat(7)}  ${dim(`fix: ${r.hint}`)}`);
    }
    out.push('');
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  out.push(bold(errors ? red(summary) : yellow(summary)));
  return `\n${out.join('\n')}\n`;
};

export default stylish;
