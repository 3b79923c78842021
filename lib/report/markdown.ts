/**
 * The compliance report as GitHub-flavoured Markdown, for a pull-request
 * comment or a wiki page: a summary per Shoot, the rules × Shoots matrix with
 * symbols, then the cluster admin's rules per Shoot with evidence and fixes.
 */
import type { ComplianceReport, ReportState } from './model.ts';
import { attributionText, CATS, location, REPORT_STATES, STATE_LABEL, STATE_MEANING, STATE_SYMBOL, WARNING_MARK } from './model.ts';

export interface MarkdownOptions {
  /** Link target of a source file; undefined writes plain `file:line`. */
  readonly href?: (filePath: string, line?: number) => string;
}

/** Escapes text for a table cell: pipes, newlines, and Markdown/HTML punctuation that could change the table. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

function st(state: ReportState): string {
  return `${STATE_SYMBOL[state]} ${STATE_LABEL[state]}`;
}

export function renderMarkdown(report: ComplianceReport, o: MarkdownOptions = {}): string {
  const out: string[] = [];
  const link = (filePath: string, line?: number): string => {
    const text = `\`${location({ filePath, ...(line !== undefined ? { line } : {}) })}\``;
    return o.href ? `[${text}](${o.href(filePath, line).replace(/ /g, '%20').replace(/\)/g, '%29')})` : text;
  };
  out.push(`# shootlint compliance report: DISA Kubernetes STIG ${report.release}`, '');
  out.push(
    `${report.rules.length} rules × ${report.shoots.length} Shoot${report.shoots.length === 1 ? '' : 's'}; shootlint ${report.tool.version}${report.generatedAt ? `; generated ${report.generatedAt}` : ''}.`,
    '',
  );
  for (const n of report.notes) out.push(`> ${n}`, '');

  out.push('## Summary', '');
  const used = REPORT_STATES.filter((s) => report.shoots.some((sh) => sh.counts[s] > 0));
  out.push(`| Shoot | file | ${used.map(st).join(' | ')} |`, `|---|---|${used.map(() => '--:').join('|')}|`);
  for (const s of report.shoots) {
    out.push(`| **${cell(s.shoot.name)}** (${cell(s.shoot.namespace ?? '-')}) | ${link(s.shoot.filePath, s.shoot.line)} | ${used.map((u) => String(s.counts[u])).join(' | ')} |`);
  }
  out.push('');
  for (const s of report.shoots) {
    out.push(`<details><summary>${cell(s.shoot.name)}: counts by CAT</summary>`, '');
    out.push(`| state | ${CATS.map((c) => `CAT ${c}`).join(' | ')} | total |`, `|---|${CATS.map(() => '--:').join('|')}|--:|`);
    for (const u of REPORT_STATES.filter((x) => s.counts[x] > 0)) {
      out.push(`| ${st(u)} | ${CATS.map((c) => String(s.countsByCat[c][u])).join(' | ')} | ${s.counts[u]} |`);
    }
    out.push('', '</details>', '');
  }

  out.push('## Rules × Shoots', '');
  out.push([...REPORT_STATES.map((s) => `${STATE_SYMBOL[s]} ${STATE_LABEL[s]}: ${STATE_MEANING[s]}`), `${WARNING_MARK} a check beyond the STIG warns: a note, not a failure`].join('<br>'), '');
  out.push(`| rule | CAT | owner | title | ${report.shoots.map((s) => cell(s.shoot.name)).join(' | ')} |`);
  out.push(`|---|---|---|---|${report.shoots.map(() => ':-:').join('|')}|`);
  const order = (r: { responsibility: string }): number => (r.responsibility === 'cluster-admin' ? 0 : 1);
  const rows = report.rules.map((r, i) => ({ r, i })).sort((a, b) => order(a.r) - order(b.r) || a.i - b.i);
  for (const { r, i } of rows) {
    const owner = r.responsibility === 'cluster-admin' ? 'admin' : 'Gardener';
    out.push(`| V-${r.vulnId} | ${r.cat} | ${owner} | ${cell(r.title)} | ${report.shoots.map((s) => STATE_SYMBOL[s.cells[i]!.state] + (s.cells[i]!.warnings?.length ? WARNING_MARK : '')).join(' | ')} |`);
  }
  out.push('');

  report.shoots.forEach((s) => {
    out.push(`## ${cell(s.shoot.name)} (${cell(s.key)})`, '');
    out.push('| rule | CAT | state | evidence | fix |', '|---|---|---|---|---|');
    report.rules.forEach((r, i) => {
      if (r.responsibility !== 'cluster-admin') return;
      const c = s.cells[i]!;
      const suppressedBy = (e: { suppressions?: readonly { justification: string; until?: string }[] }): string =>
        e.suppressions?.length ? ` (suppressed: ${cell(e.suppressions.map((x) => x.justification + (x.until ? `, until ${x.until}` : '')).join('; '))})` : '';
      const items = c.items
        .slice(0, 5)
        .map((e) => `${link(e.filePath, e.line)} ${cell(e.message)}${suppressedBy(e)}`)
        .join('<br>');
      const more = c.items.length > 5 ? `<br>… and ${c.items.length - 5} more` : '';
      const warnings = (c.warnings ?? [])
        .slice(0, 5)
        .map((e) => `<br>${WARNING_MARK} warning beyond the STIG (not a failure): ${link(e.filePath, e.line)} ${cell(e.message)}${suppressedBy(e)}`)
        .join('');
      const attribution = attributionText(c);
      const wide = attribution ? `<br>${cell(attribution)}` : '';
      const sup = c.suppressions?.length
        ? `<br>justification: ${cell(c.suppressions.map((x) => x.justification + (x.until ? ` (expires ${x.until})` : '')).join('; '))}`
        : '';
      const evidence = `${cell(c.summary)}${wide}${sup}${items ? `<br>${items}${more}` : ''}${warnings}`;
      const fix = c.fix && (c.state === 'fail' || c.state === 'unverifiable') ? cell(c.fix) : '';
      out.push(`| V-${r.vulnId} ${cell(r.title)} | ${r.cat} | ${st(c.state)}${c.warnings?.length ? ` ${WARNING_MARK}` : ''} | ${evidence} | ${fix} |`);
    });
    const provider = report.rules.filter((r) => r.responsibility === 'service-provider').length;
    out.push('', `${provider} further rules are managed by Gardener (service provider): ${STATE_SYMBOL['provider-managed']} in the matrix.`, '');
  });
  return `${out.join('\n')}\n`;
}
