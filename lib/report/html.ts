/**
 * The compliance report as self-contained HTML pages: inline CSS, no script,
 * no external asset, so it opens from disk, from a CI artifact or a mail
 * attachment and never reaches the network. States carry a symbol as well as
 * a colour, so the matrix reads in black and white too. Up to PAGED_ABOVE
 * Shoots the report is one page; above, a summary page, plus one page per
 * Shoot when the report goes to a directory (see ./output.ts).
 */
import type { Cat, Cell, ComplianceReport, ReportRule, ReportState, ShootReport, StateCounts } from './model.ts';
import { attributionText, CATS, cellBriefs, emptyCounts, location, REPORT_STATES, STATE_LABEL, STATE_MEANING, STATE_SYMBOL, totalCounts, WARNING_MARK } from './model.ts';
import type { Write } from '../run/sink.ts';
import { collect } from '../run/sink.ts';

export interface HtmlOptions {
  /** Link target of a source file (relative to where the page is written). */
  readonly href: (filePath: string, line?: number) => string;
}

const COLORS: Readonly<Record<ReportState, { fg: string; bg: string }>> = {
  fail: { fg: '#fff', bg: '#c62828' },
  unverifiable: { fg: '#222', bg: '#f9a825' },
  manual: { fg: '#fff', bg: '#6a1b9a' },
  suppressed: { fg: '#fff', bg: '#546e7a' },
  pass: { fg: '#fff', bg: '#2e7d32' },
  'secure-by-default': { fg: '#fff', bg: '#00897b' },
  'not-applicable': { fg: '#222', bg: '#d7d7d7' },
  'provider-managed': { fg: '#0d3c61', bg: '#d6e9fb' },
};

const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: string): string {
  // One pass, and none for the most strings, which need no escaping: a page of 10,000 Shoots escapes millions.
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ENTITY[c]!) : s;
}

function cls(state: ReportState): string {
  return `s-${state}`;
}

function badge(state: ReportState): string {
  return `<span class="badge ${cls(state)}" data-state="${state}"><span class="sym" aria-hidden="true">${esc(STATE_SYMBOL[state])}</span> ${esc(STATE_LABEL[state])}</span>`;
}

function anchor(shootIndex: number, vulnId: string): string {
  return `d${shootIndex}-${vulnId}`;
}

function css(): string {
  const states = REPORT_STATES.map(
    (s) => `.${cls(s)}{background:${COLORS[s].bg};color:${COLORS[s].fg}}`,
  ).join('\n');
  return `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
body{margin:0 auto;max-width:1400px;padding:24px 32px;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.25rem;margin:32px 0 12px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:1.05rem;margin:20px 0 8px}
.meta{color:#57606a;font-size:.9rem}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
.cards{display:flex;flex-wrap:wrap;gap:16px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;min-width:320px;flex:1 1 360px;max-width:520px}
.card h3{margin:0 0 2px}
.verdict{font-weight:600;margin:6px 0}
.verdict.bad{color:#c62828}.verdict.good{color:#2e7d32}
table{border-collapse:collapse}
.counts td,.counts th{padding:2px 8px;text-align:right;font-size:.85rem;border-bottom:1px solid #eaeef2}
.counts th{color:#57606a;font-weight:600}.counts td:first-child,.counts th:first-child{text-align:left}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.8rem;white-space:nowrap;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:8px 20px;font-size:.85rem;margin:8px 0 16px}
.legend div{display:flex;gap:6px;align-items:center}
.matrix{font-size:.8rem}
.matrix th,.matrix td{border:1px solid #d0d7de;padding:2px 6px}
.matrix thead th{position:sticky;top:0;background:#f6f8fa;z-index:1}
.matrix td.c{text-align:center;min-width:64px;font-weight:700}
.matrix td.c a{color:inherit;display:block}
.matrix td.t{max-width:520px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.matrix tr.group th{background:#eef1f4;text-align:left;font-size:.8rem}
.details{font-size:.85rem;width:100%}
.details th,.details td{border-bottom:1px solid #eaeef2;padding:6px 8px;vertical-align:top;text-align:left}
.details th{background:#f6f8fa}
.details td.id{white-space:nowrap}
.ev{margin:2px 0 0;padding-left:18px;color:#57606a}
.fix{margin-top:4px}.fix b{color:#1f2328}
.warn{color:#7d4e00;margin-top:4px}.warn b{color:#7d4e00}
.matrix td.c .w{font-size:.75em;margin-left:2px}
.note{background:#fff8c5;border:1px solid #eac54f;border-radius:6px;padding:6px 10px;font-size:.85rem;margin:6px 0}
details summary{cursor:pointer;margin:8px 0}
.cat{white-space:nowrap}
${states}
`;
}

function countsTable(s: ShootReport): string {
  const present = REPORT_STATES.filter((st) => s.counts[st] > 0);
  const head = `<tr><th>state</th>${CATS.map((c) => `<th>CAT ${c}</th>`).join('')}<th>total</th></tr>`;
  const rows = present
    .map(
      (st) =>
        `<tr data-state="${st}"><td>${badge(st)}</td>${CATS.map((c) => `<td data-cat="${c}">${s.countsByCat[c][st] || ''}</td>`).join('')}<td class="total" data-count="${s.counts[st]}">${s.counts[st]}</td></tr>`,
    )
    .join('');
  return `<table class="counts">${head}${rows}</table>`;
}

function shootCard(s: ShootReport, i: number, o: HtmlOptions): string {
  const failing = s.counts.fail;
  const verdict =
    failing > 0
      ? `<div class="verdict bad">${failing} failing rule${failing === 1 ? '' : 's'} of the cluster admin</div>`
      : `<div class="verdict good">No failing rule of the cluster admin</div>`;
  const warned = cellBriefs(s).filter((c) => c.warned).length;
  const warnings = warned ? `<div class="meta warned">${WARNING_MARK} ${warned} rule${warned === 1 ? '' : 's'} with warnings beyond the STIG (not failures)</div>` : '';
  const v = s.shoot.kubernetesVersion ? ` · Kubernetes ${esc(s.shoot.kubernetesVersion)}` : '';
  return `<div class="card" id="shoot-${i}" data-shoot="${esc(s.key)}">
<h3><a href="#details-${i}">${esc(s.shoot.name)}</a></h3>
<div class="meta">namespace ${esc(s.shoot.namespace ?? '(none)')}${v} · <a href="${esc(o.href(s.shoot.filePath, s.shoot.line))}">${esc(location(s.shoot))}</a></div>
${verdict}
${warnings}
${countsTable(s)}
</div>`;
}

function legend(): string {
  return `<div class="legend" id="legend">${REPORT_STATES.map(
    (s) => `<div>${badge(s)}<span>${esc(STATE_MEANING[s])}</span></div>`,
  ).join('')}<div class="warn-legend"><span class="wmark">${WARNING_MARK}</span><span>next to a state: a check beyond the STIG warns (a note, not a failure)</span></div></div>`;
}

function matrix(report: ComplianceReport, write: Write): void {
  write(`<table class="matrix" id="matrix"><thead><tr><th>rule</th><th>CAT</th><th>title</th>`);
  report.shoots.forEach((s, i) => write(`<th><a href="#details-${i}">${esc(s.shoot.name)}</a></th>`));
  write('</tr></thead><tbody>');
  const group = (title: string, rules: readonly { rule: ReportRule; index: number }[]): void => {
    if (rules.length === 0) return;
    write(`<tr class="group"><th colspan="${3 + report.shoots.length}">${esc(title)} (${rules.length})</th></tr>`);
    for (const { rule, index } of rules) {
      write(`<tr data-rule="${rule.vulnId}"><td class="mono">V-${rule.vulnId}</td><td class="cat">${rule.cat}</td><td class="t" title="${esc(rule.title)}">${esc(rule.title)}</td>`);
      report.shoots.forEach((s, si) => {
        const c = s.cells[index]!;
        const w = c.warnings?.length ?? 0;
        const title = `${STATE_LABEL[c.state]}: ${c.summary}${w ? ` (${w} warning${w === 1 ? '' : 's'} beyond the STIG: ${c.warnings![0]!.message})` : ''}`;
        const mark = w ? `<span class="w" aria-label="with warnings">${WARNING_MARK}</span>` : '';
        write(`<td class="c ${cls(c.state)}" data-state="${c.state}"${w ? ` data-warnings="${w}"` : ''} title="${esc(title)}"><a href="#${anchor(si, rule.vulnId)}">${esc(STATE_SYMBOL[c.state])}${mark}</a></td>`);
      });
      write('</tr>');
    }
  };
  const { admin, provider } = byOwner(report.rules.map((rule, index) => ({ rule, index })));
  group('Cluster admin', admin);
  group('Service provider (Gardener)', provider);
  write('</tbody></table>');
}

function byOwner<T extends { rule: ReportRule }>(rows: readonly T[]): { admin: T[]; provider: T[] } {
  return {
    admin: rows.filter((r) => r.rule.responsibility === 'cluster-admin'),
    provider: rows.filter((r) => r.rule.responsibility === 'service-provider'),
  };
}

function evidenceList(c: Cell, o: HtmlOptions): string {
  if (c.items.length === 0) return '';
  const shown = c.items.slice(0, 8);
  const li = shown
    .map((e) => {
      const where = `<a href="${esc(o.href(e.filePath, e.line))}">${esc(location(e))}</a>`;
      const ev = e.evidence && e.evidence !== e.message ? ` (${esc(e.evidence)})` : '';
      const sup = e.suppressions?.length ? ` — suppressed: ${esc(e.suppressions.map((x) => x.justification + (x.until ? `, until ${x.until}` : '')).join('; '))}` : '';
      return `<li><span class="mono">${where}</span> ${esc(e.state)} [${esc(e.ruleId)}]: ${esc(e.message)}${ev}${sup}</li>`;
    })
    .join('');
  const more = c.items.length > shown.length ? `<li>… and ${c.items.length - shown.length} more</li>` : '';
  return `<ul class="ev">${li}${more}</ul>`;
}

function warningList(c: Cell, o: HtmlOptions): string {
  if (!c.warnings?.length) return '';
  const shown = c.warnings.slice(0, 8);
  const li = shown
    .map((e) => {
      const where = `<a href="${esc(o.href(e.filePath, e.line))}">${esc(location(e))}</a>`;
      const sup = e.suppressions?.length ? ` — suppressed: ${esc(e.suppressions.map((x) => x.justification + (x.until ? `, until ${x.until}` : '')).join('; '))}` : '';
      return `<li><span class="mono">${where}</span> [${esc(e.ruleId)}]: ${esc(e.message)}${sup}</li>`;
    })
    .join('');
  const more = c.warnings.length > shown.length ? `<li>… and ${c.warnings.length - shown.length} more</li>` : '';
  return `<div class="warn"><b>${WARNING_MARK} Warning${c.warnings.length === 1 ? '' : 's'} beyond the STIG</b> (a note; the rule does not fail for ${c.warnings.length === 1 ? 'it' : 'them'}):<ul class="ev">${li}${more}</ul></div>`;
}

function detailRow(rule: ReportRule, c: Cell, si: number, o: HtmlOptions): string {
  const attribution = attributionText(c);
  const wide = attribution ? `<div class="meta attribution">${esc(attribution)}</div>` : '';
  const sup = c.suppressions?.length
    ? `<div class="meta">Justification: ${esc(c.suppressions.map((x) => `${x.justification}${x.until ? ` (expires ${x.until})` : ''} [${x.kind}]`).join('; '))}</div>`
    : '';
  const fix = c.fix && (c.state === 'fail' || c.state === 'unverifiable') ? `<div class="fix"><b>Fix:</b> ${esc(c.fix)}</div>` : '';
  const manual = c.state === 'manual' && rule.check ? `<div class="meta">STIG check: ${esc(rule.check)}</div>` : '';
  return `<tr id="${anchor(si, rule.vulnId)}" data-state="${c.state}"><td class="id"><span class="mono">V-${rule.vulnId}</span><br><span class="meta mono">${esc(rule.ruleId)}<br>${esc(rule.stigId)}</span></td><td class="cat">CAT ${rule.cat}</td><td>${badge(c.state)}</td><td><b>${esc(rule.title)}</b><div>${esc(c.summary)}</div>${wide}${sup}${evidenceList(c, o)}${warningList(c, o)}${fix}${manual}</td></tr>`;
}

/** A Shoot's rules, evidence and fixes; the service provider's rules link to `providerHref` when given (they are the same for every Shoot). */
function shootDetails(report: ComplianceReport, s: ShootReport, si: number, o: HtmlOptions, write: Write, providerHref?: string): void {
  const { admin, provider } = byOwner(report.rules.map((rule, i) => ({ rule, c: s.cells[i]! })));
  const head = '<tr><th>rule</th><th>CAT</th><th>state</th><th>evidence</th></tr>';
  write(`<section id="details-${si}"><h2>${esc(s.shoot.name)} <span class="meta">(${esc(s.key)})</span></h2>
<h3>Cluster admin (${admin.length})</h3>
<table class="details">${head}`);
  for (const r of admin) write(detailRow(r.rule, r.c, si, o));
  if (providerHref !== undefined) {
    write(`</table>
<p class="meta" id="provider">Service provider: ${provider.length} rules managed by Gardener, the same for every Shoot: <a href="${esc(providerHref)}">listed once</a>.</p>
</section>`);
    return;
  }
  write(`</table>
<details><summary>Service provider: ${provider.length} rules managed by Gardener</summary>
<table class="details">${head}`);
  for (const r of provider) write(detailRow(r.rule, r.c, si, o));
  write(`</table></details>
</section>`);
}

function reportTitle(report: ComplianceReport): string {
  return `shootlint compliance report: DISA Kubernetes STIG ${report.release}`;
}

/** `N rules (CAT I: a, CAT II: b, ...)`. */
function rulesLine(report: ComplianceReport): string {
  const catLine = (c: Cat): number => report.rules.filter((r) => r.cat === c).length;
  return `${report.rules.length} rules (${CATS.filter((c) => catLine(c) > 0).map((c) => `CAT ${c}: ${catLine(c)}`).join(', ')})`;
}

function shootsLine(report: ComplianceReport): string {
  return `${report.shoots.length} Shoot${report.shoots.length === 1 ? '' : 's'}`;
}

function toolLine(report: ComplianceReport): string {
  return `shootlint ${esc(report.tool.version)}${report.generatedAt ? ` · generated ${esc(report.generatedAt)}` : ''}`;
}

function pageStart(title: string, style: string, write: Write): void {
  write(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${style}</style></head>
<body>
<h1>${esc(title)}</h1>
`);
}

function totalsLine(total: StateCounts): string {
  return `<div class="meta" id="totals">${REPORT_STATES.filter((s) => total[s] > 0).map((s) => `${badge(s)} ${total[s]}`).join(' ')}</div>`;
}

/** The whole report as one page: summary cards, the rules × Shoots matrix and every Shoot's details. */
export function writeHtml(report: ComplianceReport, o: HtmlOptions, write: Write): void {
  pageStart(reportTitle(report), css(), write);
  write(`<div class="meta">${rulesLine(report)} × ${shootsLine(report)} · ${toolLine(report)}</div>
${totalsLine(totalCounts(report))}
`);
  for (const n of report.notes) write(`<div class="note">${esc(n)}</div>`);
  write(`
<h2>Summary</h2>
<div class="cards" id="summary">`);
  report.shoots.forEach((s, i) => write(shootCard(s, i, o)));
  write(`</div>
<h2>Rules × Shoots</h2>
${legend()}
`);
  matrix(report, write);
  write('\n');
  report.shoots.forEach((s, i) => {
    if (i > 0) write('\n');
    shootDetails(report, s, i, o, write);
  });
  write(`
</body></html>
`);
}

/** The whole report as one page, as a string (for small reports). */
export function renderHtml(report: ComplianceReport, o: HtmlOptions): string {
  return collect((write) => writeHtml(report, o, write));
}

/**
 * Above this many Shoots the report is no longer one page with every Shoot's
 * details (about 80 KB a Shoot) but a summary, plus one page per Shoot when
 * it is written to a directory, so every page stays small enough to open.
 */
export const PAGED_ABOVE = 200;
/** Shoots listed on one summary page (about 300 bytes each). */
export const SHOOTS_PER_LIST = 20000;
/** Notes shown on a summary page (one per unreadable file, say, can be many); the JSON report has all. */
const NOTES_SHOWN = 100;

const SUMMARY_CSS = `
.rules,.shoots{font-size:.85rem}
.rules th,.rules td,.shoots th,.shoots td{border-bottom:1px solid #eaeef2;padding:2px 8px;text-align:left}
.rules thead th,.shoots thead th{position:sticky;top:0;background:#f6f8fa;z-index:1}
.rules td.n,.shoots td.n{text-align:right}
.rules td.mono{white-space:nowrap}
.rules tr.group th{background:#eef1f4}
.pages a{margin-right:8px}
`;

export interface SummaryLayout {
  /** Link of the page of the service provider's rules, when there is one. */
  readonly providerHref?: string;
  /** Link of the page of Shoot `index`; absent when the report has no Shoot pages. */
  readonly shootHref?: (index: number) => string;
  /** The Shoots listed on this page: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Links of every list page (this one included), when the Shoots are listed on more than one. */
  readonly listHrefs?: readonly string[];
  /** Where the page's Shoot list starts in listHrefs. */
  readonly listPage?: number;
}

/**
 * The summary of a large report: totals, notes, each rule's count of Shoots per
 * state, and a table of Shoots with their counts (linked to their pages when
 * there are any).
 */
export function writeHtmlSummary(report: ComplianceReport, o: HtmlOptions, layout: SummaryLayout, write: Write): void {
  const total = totalCounts(report);
  const used = REPORT_STATES.filter((s) => total[s] > 0);
  pageStart(reportTitle(report), css() + SUMMARY_CSS, write);
  write(`<div class="meta">${rulesLine(report)} × ${shootsLine(report)} · ${toolLine(report)}</div>
${totalsLine(total)}
`);
  for (const n of report.notes.slice(0, NOTES_SHOWN)) write(`<div class="note">${esc(n)}</div>`);
  if (report.notes.length > NOTES_SHOWN) write(`<div class="note">… and ${report.notes.length - NOTES_SHOWN} more notes (the JSON report, -f json, has all)</div>`);
  const n = report.shoots.length;
  const listed = layout.to - layout.from;
  const where = layout.shootHref
    ? 'Each Shoot\'s rules, evidence and fixes are on its own page, linked from its name below.'
    : 'Each Shoot\'s rules, evidence and fixes are not on this page: write the report to a directory (-o DIR/) for one page per Shoot, or use -f json.';
  const cut = !layout.listHrefs && listed < n ? ` The table lists the first ${listed} Shoots; the other ${n - listed} are in the directory report (-o DIR/) and in -f json.` : '';
  const provider = layout.providerHref ? ` <a href="${esc(layout.providerHref)}">The service provider's rules</a>, the same for every Shoot, have a page of their own.` : '';
  write(`<div class="note" id="layout">${n} Shoots: this page is the summary. ${esc(where)}${esc(cut)}${provider}</div>
<h2>Rules</h2>
${legend()}
`);
  ruleTable(report, used, write);
  write(`
<h2>Shoots</h2>
`);
  if (layout.listHrefs && layout.listHrefs.length > 1) {
    write(`<div class="pages" id="pages">Shoots ${layout.from + 1}–${layout.to} of ${n}. Pages: `);
    layout.listHrefs.forEach((href, k) => write(k === layout.listPage ? `<b>${k + 1}</b> ` : `<a href="${esc(href)}">${k + 1}</a> `));
    write('</div>\n');
  }
  write(`<table class="shoots" id="shoots"><thead><tr><th>Shoot</th><th>namespace</th><th>file</th><th>Kubernetes</th>${used.map((st) => `<th data-state="${st}">${badge(st)}</th>`).join('')}</tr></thead><tbody>`);
  for (let i = layout.from; i < layout.to; i++) {
    const s = report.shoots[i]!;
    const name = layout.shootHref ? `<a href="${esc(layout.shootHref(i))}">${esc(s.shoot.name)}</a>` : esc(s.shoot.name);
    write(
      `<tr data-shoot="${esc(s.key)}"><td>${name}</td><td>${esc(s.shoot.namespace ?? '')}</td><td class="mono"><a href="${esc(o.href(s.shoot.filePath, s.shoot.line))}">${esc(location(s.shoot))}</a></td><td>${esc(s.shoot.kubernetesVersion ?? '')}</td>${used.map((st) => `<td class="n">${s.counts[st] || ''}</td>`).join('')}</tr>\n`,
    );
  }
  write(`</tbody></table>
</body></html>
`);
}

/** Per rule, how many Shoots are in each state. */
function ruleTable(report: ComplianceReport, used: readonly ReportState[], write: Write): void {
  const perRule = report.rules.map(() => emptyCounts());
  for (const s of report.shoots) cellBriefs(s).forEach((c, i) => void perRule[i]![c.state]++);
  write(`<table class="rules" id="rules"><thead><tr><th>rule</th><th>CAT</th><th>title</th>${used.map((st) => `<th data-state="${st}">${badge(st)}</th>`).join('')}</tr></thead><tbody>`);
  const { admin, provider } = byOwner(report.rules.map((rule, index) => ({ rule, index })));
  for (const [title, rows] of [['Cluster admin', admin], ['Service provider (Gardener)', provider]] as const) {
    if (rows.length === 0) continue;
    write(`<tr class="group"><th colspan="${3 + used.length}">${esc(title)} (${rows.length})</th></tr>`);
    for (const { rule, index } of rows) {
      const counts = perRule[index]!;
      write(
        `<tr data-rule="${rule.vulnId}"><td class="mono">V-${rule.vulnId}</td><td class="cat">${rule.cat}</td><td>${esc(rule.title)}</td>${used.map((st) => `<td class="n" data-state="${st}">${counts[st] || ''}</td>`).join('')}</tr>`,
      );
    }
  }
  write('</tbody></table>');
}

/** The service provider's rules of a large report, the same for every Shoot: one page instead of a copy on every Shoot's page. */
export function writeProviderPage(report: ComplianceReport, o: HtmlOptions, summaryHref: string, write: Write): void {
  const first = report.shoots[0];
  const rows = report.rules.map((rule, i) => ({ rule, i })).filter((r) => r.rule.responsibility === 'service-provider');
  pageStart(`Service provider rules: ${reportTitle(report)}`, css(), write);
  write(`<div class="meta"><a href="${esc(summaryHref)}" id="up">Summary of all ${shootsLine(report)}</a> · ${rulesLine(report)} · ${toolLine(report)}</div>
<p>${rows.length} rules are managed by Gardener (the service provider) for every Shoot, per the Gardener hardening guide.</p>
<table class="details" id="provider"><tr><th>rule</th><th>CAT</th><th>state</th><th>evidence</th></tr>`);
  if (first) for (const { rule, i } of rows) write(detailRow(rule, first.cells[i]!, 0, o));
  write(`</table>
</body></html>
`);
}

/** The page of one Shoot of a large report: its counts and every cluster-admin rule's state, evidence and fix. */
export function writeShootPage(report: ComplianceReport, index: number, o: HtmlOptions, links: { summary: string; provider: string }, write: Write): void {
  const s = report.shoots[index]!;
  pageStart(`${s.shoot.name}: ${reportTitle(report)}`, css(), write);
  write(`<div class="meta"><a href="${esc(links.summary)}" id="up">Summary of all ${shootsLine(report)}</a> · ${rulesLine(report)} · ${toolLine(report)}</div>
<div class="cards" id="summary">${shootCard(s, index, o)}</div>
${legend()}
`);
  shootDetails(report, s, index, o, write, links.provider);
  write(`
</body></html>
`);
}
