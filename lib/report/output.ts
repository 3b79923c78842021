/**
 * Writes a compliance report as HTML, Markdown or JSON to standard output, a
 * file or a directory, piece by piece. Up to PAGED_ABOVE Shoots the HTML
 * report is one page; above, it is a summary page, plus one page per Shoot
 * (DIR/shoots/) when written to a directory. Markdown is the whole report when
 * it fits in a pull-request comment, else the summary and the failing rules,
 * plus one page per Shoot when written to a directory.
 */
import { join } from 'node:path';
import { PAGED_ABOVE, SHOOTS_PER_LIST, writeHtml, writeHtmlSummary, writeProviderPage, writeShootPage } from './html.ts';
import { markdownLines, writeMarkdown } from './markdown.ts';
import type { ComplianceReport, ShootReport } from './model.ts';
import type { Write } from '../run/sink.ts';
import { writeFileIn, writeJson, writeTo } from '../run/sink.ts';

export type DocumentFormat = 'html' | 'markdown' | 'json';

export interface OutputTarget {
  /** Write into this directory (report.html|md|json, and the Shoot pages). */
  readonly dir?: string;
  /** Else write this file; else `stdout`. */
  readonly file?: string;
  readonly stdout: (block: string) => void;
  /** Link target of a source file, relative to the directory (or the file's directory) written to. */
  readonly href: (filePath: string, line?: number) => string;
}

const EXT: Readonly<Record<DocumentFormat, string>> = { html: 'html', markdown: 'md', json: 'json' };
/** The folder of the per-Shoot pages inside the output directory. */
export const SHOOT_PAGES = 'shoots';
/** The page of the service provider's rules, the same for every Shoot. */
export const PROVIDER_PAGE = 'provider-rules.html';

/** File names of the Shoot pages, unique also on case-insensitive file systems. */
export function shootPageNames(shoots: readonly ShootReport[], ext: string): string[] {
  const used = new Set<string>();
  return shoots.map((s) => {
    const base = `${s.shoot.namespace ? `${s.shoot.namespace}--` : ''}${s.shoot.name}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
    let name = `${base}.${ext}`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}.${ext}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** A link from a page in DIR/shoots/ to what `href` links from DIR. */
function fromSubfolder(href: (filePath: string, line?: number) => string): (filePath: string, line?: number) => string {
  return (filePath, line) => {
    const h = href(filePath, line);
    return h.startsWith('#') || h.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(h) ? h : `../${h}`;
  };
}

/** Where the HTML report splits: PAGED_ABOVE and SHOOTS_PER_LIST unless given. */
export interface PageLimits {
  readonly pagedAbove?: number;
  readonly shootsPerList?: number;
}

export function writeDocument(report: ComplianceReport, format: DocumentFormat, target: OutputTarget, limits: PageLimits = {}): void {
  const pagedAbove = limits.pagedAbove ?? PAGED_ABOVE;
  const perList = limits.shootsPerList ?? SHOOTS_PER_LIST;
  const main = (fill: (write: Write) => void): void => {
    if (target.dir !== undefined) writeFileIn(join(target.dir, `report.${EXT[format]}`), fill);
    else if (target.file !== undefined) writeFileIn(target.file, fill);
    else writeTo(target.stdout, fill);
  };
  const o = { href: target.href };
  const paged = target.dir !== undefined;
  const pages = paged ? shootPageNames(report.shoots, EXT[format]) : [];
  const pageHref = (i: number): string => `${SHOOT_PAGES}/${encodeURIComponent(pages[i]!)}`;
  const inPage = { href: fromSubfolder(target.href) };

  if (format === 'json') {
    main((write) => {
      writeJson(write, { format: 'shootlint-compliance-report', formatVersion: 1, ...report }, ['shoots']);
      write('\n');
    });
  } else if (format === 'html') {
    const n = report.shoots.length;
    if (n <= pagedAbove) {
      main((write) => writeHtml(report, o, write));
      return;
    }
    if (!paged) {
      main((write) => writeHtmlSummary(report, o, { from: 0, to: Math.min(n, perList) }, write));
      return;
    }
    // The Shoots are listed perList a page: report.html, report-2.html, ...
    const lists = Math.ceil(n / perList);
    const listHrefs = Array.from({ length: lists }, (_, k) => (k === 0 ? 'report.html' : `report-${k + 1}.html`));
    for (let k = 0; k < lists; k++) {
      const layout = { shootHref: pageHref, providerHref: PROVIDER_PAGE, from: k * perList, to: Math.min(n, (k + 1) * perList), ...(lists > 1 ? { listHrefs, listPage: k } : {}) };
      writeFileIn(join(target.dir!, listHrefs[k]!), (write) => writeHtmlSummary(report, o, layout, write));
    }
    writeFileIn(join(target.dir!, PROVIDER_PAGE), (write) => writeProviderPage(report, o, 'report.html', write));
    const links = { summary: '../report.html', provider: `../${PROVIDER_PAGE}` };
    report.shoots.forEach((_, i) => writeFileIn(join(target.dir!, SHOOT_PAGES, pages[i]!), (write) => writeShootPage(report, i, inPage, links, write)));
  } else {
    const where = paged
      ? `one Markdown page per Shoot is in ${SHOOT_PAGES}/ beside this file; for HTML, run shootlint report -f html -o DIR/.`
      : 'run shootlint report -f html -o DIR/ (or -f markdown -o DIR/) for a page per Shoot.';
    const written: { as?: 'full' | 'comment' } = {};
    main((write) => void (written.as = writeMarkdown(report, o, where, write)));
    if (written.as === 'comment' && paged) {
      report.shoots.forEach((s, i) =>
        writeFileIn(join(target.dir!, SHOOT_PAGES, pages[i]!), (write) => {
          write(`[Summary of all ${report.shoots.length} Shoots](../report.md)\n\n`);
          for (const line of markdownLines({ ...report, shoots: [s], notes: [] }, inPage)) write(line);
        }),
      );
    }
  }
}
