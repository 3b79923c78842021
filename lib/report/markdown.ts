/**
 * The compliance report as GitHub-flavoured Markdown, for a pull-request
 * comment or a wiki page: a summary per Shoot, the rules × Shoots matrix with
 * symbols, then the cluster admin's rules per Shoot with evidence and fixes.
 */
import type { ComplianceReport, ReportState } from './model.ts';
import { attributionText, CATS, cellBriefs, location, REPORT_STATES, STATE_LABEL, STATE_MEANING, STATE_SYMBOL, WARNING_MARK } from './model.ts';

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

/** The whole report, line by line (each with its newline). */
export function* markdownLines(report: ComplianceReport, o: MarkdownOptions = {}): Generator<string> {
  const out = { push: (...lines: string[]): void => void pending.push(...lines) };
  let pending: string[] = [];
  // Hands over what the last steps pushed; called after each Shoot, so a report of any size streams.
  function* flush(): Generator<string> {
    for (const line of pending) yield `${line}\n`;
    pending = [];
  }
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
    yield* flush();
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
  yield* flush();

  for (const s of report.shoots) {
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
    yield* flush();
  }
  yield* flush();
}

/** The whole report as one string. */
export function renderMarkdown(report: ComplianceReport, o: MarkdownOptions = {}): string {
  return [...markdownLines(report, o)].join('');
}

/** GitHub's limit on the body of a pull-request comment, in characters. */
export const COMMENT_LIMIT = 65536;

/**
 * The report for a pull-request comment: the whole report when it fits in
 * COMMENT_LIMIT characters, else the summary and the failing rules with a note
 * pointing at the full report (`fullReport` says where it is).
 */
export function writeMarkdown(report: ComplianceReport, o: MarkdownOptions, fullReport: string, write: (piece: string) => void): 'full' | 'comment' {
  const pieces: string[] = [];
  let length = 0;
  for (const piece of markdownLines(report, o)) {
    length += piece.length;
    if (length > COMMENT_LIMIT) {
      write(markdownComment(report, o, fullReport));
      return 'comment';
    }
    pieces.push(piece);
  }
  write(pieces.join(''));
  return 'full';
}

/** Lines appended while they fit in a character budget. */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}

  /** Appends every line or none; false when they do not fit. */
  add(...lines: string[]): boolean {
    const n = lines.reduce((sum, l) => sum + l.length + 1, 0);
    if (this.used + n > this.limit) return false;
    this.lines.push(...lines);
    this.used += n;
    return true;
  }
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The summary and the failing rules of a report too large for a comment; at most COMMENT_LIMIT characters. */
export function markdownComment(report: ComplianceReport, o: MarkdownOptions, fullReport: string): string {
  const link = (filePath: string, line?: number): string => {
    const text = `\`${location({ filePath, ...(line !== undefined ? { line } : {}) })}\``;
    return o.href ? `[${text}](${o.href(filePath, line).replace(/ /g, '%20').replace(/\)/g, '%29')})` : text;
  };
  const n = report.shoots.length;
  const tail = ['', `> ${clip(cell(`The full report (every Shoot's rules, evidence and fixes) does not fit in a comment of ${COMMENT_LIMIT} characters: ${fullReport}`), 2000)}`];
  const b = new Budget(COMMENT_LIMIT - tail.reduce((sum, l) => sum + l.length + 1, 0));
  b.add(`# shootlint compliance report: DISA Kubernetes STIG ${report.release}`, '');
  b.add(`${report.rules.length} rules × ${n} Shoot${n === 1 ? '' : 's'}; shootlint ${report.tool.version}${report.generatedAt ? `; generated ${report.generatedAt}` : ''}. The summary and the failing rules; the full report is elsewhere (see the end).`, '');
  const notes = report.notes.slice(0, 10);
  for (const note of notes) b.add(`> ${clip(cell(note), 600)}`, '');
  if (report.notes.length > notes.length) b.add(`> … and ${report.notes.length - notes.length} more notes.`, '');

  // Per state: rule × Shoot cells, and Shoots with at least one.
  const cells = Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>;
  const shootsWith = { ...cells };
  for (const s of report.shoots) {
    for (const st of REPORT_STATES) {
      cells[st] += s.counts[st];
      if (s.counts[st] > 0) shootsWith[st]++;
    }
  }
  const failing = report.shoots.filter((s) => s.counts.fail > 0);
  b.add('## Summary', '', `**${failing.length} of ${n} Shoot${n === 1 ? '' : 's'}** fail at least one rule of the cluster admin.`, '');
  b.add('| state | rule × Shoot cells | Shoots with any |', '|---|--:|--:|');
  for (const st of REPORT_STATES) if (cells[st] > 0) b.add(`| ${st === 'fail' ? `**${STATE_SYMBOL[st]} ${STATE_LABEL[st]}**` : `${STATE_SYMBOL[st]} ${STATE_LABEL[st]}`} | ${cells[st]} | ${shootsWith[st]} |`);
  b.add('');

  // The cluster admin's rules that fail or cannot be verified, worst CAT and most Shoots first.
  const rows = report.rules
    .map((r, i) => {
      const failed = report.shoots.filter((s) => cellBriefs(s)[i]!.state === 'fail');
      const unverifiable = report.shoots.filter((s) => cellBriefs(s)[i]!.state === 'unverifiable').length;
      const fix = report.shoots.map((s) => cellBriefs(s)[i]!).find((c) => (c.state === 'fail' || c.state === 'unverifiable') && c.fix)?.fix;
      return { r, i, failed, unverifiable, fix };
    })
    .filter((x) => x.r.responsibility === 'cluster-admin' && (x.failed.length > 0 || x.unverifiable > 0))
    .sort((a, b2) => CATS.indexOf(a.r.cat) - CATS.indexOf(b2.r.cat) || b2.failed.length - a.failed.length || b2.unverifiable - a.unverifiable || a.i - b2.i);
  if (rows.length === 0) b.add('## Failing rules', '', 'No rule of the cluster admin fails or is unverifiable.', '');
  else {
    b.add('## Failing rules', '', `| rule | CAT | ${st('fail')} (Shoots) | ${st('unverifiable')} (Shoots) | e.g. | fix |`, '|---|---|--:|--:|---|---|');
    let shown = 0;
    for (const x of rows) {
      const eg = x.failed.slice(0, 3).map((s) => cell(s.shoot.name)).join(', ') + (x.failed.length > 3 ? ', …' : '');
      if (!b.add(`| V-${x.r.vulnId} ${cell(clip(x.r.title, 160))} | ${x.r.cat} | ${x.failed.length} | ${x.unverifiable} | ${eg} | ${cell(clip(x.fix ?? '', 400))} |`)) break;
      shown++;
    }
    if (shown < rows.length) b.add('', `… and ${rows.length - shown} more failing rules.`);
    b.add('');
  }

  // The failing Shoots, as many as fit.
  if (failing.length > 0 && b.add('## Shoots with failing rules', '', `| Shoot | file | ${st('fail')} | ${st('unverifiable')} |`, '|---|---|--:|--:|')) {
    let shown = 0;
    // Room for the line saying how many more.
    const more = (k: number): string => `… and ${k} more Shoots with failing rules.`;
    const reserve = more(failing.length).length + 2;
    const rowsBudget = new Budget(Math.max(0, COMMENT_LIMIT - tail.reduce((sum, l) => sum + l.length + 1, 0) - b.lines.reduce((sum, l) => sum + l.length + 1, 0) - reserve));
    for (const s of failing) {
      if (!rowsBudget.add(`| **${cell(s.shoot.name)}** (${cell(s.shoot.namespace ?? '-')}) | ${link(s.shoot.filePath, s.shoot.line)} | ${s.counts.fail} | ${s.counts.unverifiable} |`)) break;
      shown++;
    }
    b.add(...rowsBudget.lines);
    if (shown < failing.length) b.add('', more(failing.length - shown));
  }
  return `${[...b.lines, ...tail].join('\n')}\n`;
}
