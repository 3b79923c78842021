/**
 * Large reports: above PAGED_ABOVE Shoots the HTML report is a summary page
 * (plus one page per Shoot with -o DIR/), Markdown stays within a pull-request
 * comment, and every format is written in pieces. The fleet is the report
 * fixtures' two Shoots copied under new names, one file each.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGED_ABOVE } from '../../lib/report/html.ts';
import { COMMENT_LIMIT, markdownComment } from '../../lib/report/markdown.ts';
import type { ComplianceReport, ShootInfo } from '../../lib/report/model.ts';
import { adminFailures, buildReport, ReportBuilder } from '../../lib/report/model.ts';
import { parseFile } from '../../lib/engine/document.ts';
import { lint } from '../../lib/engine/lint.ts';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { shootsOf } from '../../lib/report/shoots.ts';
import { reportLevels } from '../../lib/report/cli.ts';
import { writeDocument } from '../../lib/report/output.ts';
import { RULES } from '../../rules/index.ts';
import { collect, writeJson, writeJsonArray } from '../../lib/run/sink.ts';
import { chromiumPath, loadPage } from './chromium.ts';
import { report } from './helpers.ts';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/report');
const FLEET = PAGED_ABOVE + 30;

/** A workspace of `n` Shoots (every third one hardened), with the fixtures' audit policy and workloads. */
function fleet(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-fleet-'));
  const insecure = readFileSync(join(FIXTURE, 'shoot-insecure.yaml'), 'utf8');
  const hardened = readFileSync(join(FIXTURE, 'shoot-hardened.yaml'), 'utf8');
  mkdirSync(join(dir, 'fleet'));
  for (let i = 0; i < n; i++) {
    const [text, name] = i % 3 === 0 ? [hardened, 'payments'] : [insecure, 'sandbox'];
    const id = String(i).padStart(4, '0');
    writeFileSync(join(dir, 'fleet', `shoot-${id}.yaml`), text.replace(`\n  name: ${name}\n`, `\n  name: ${name}-${id}\n`));
  }
  writeFileSync(join(dir, 'fleet', 'audit-policy.yaml'), readFileSync(join(FIXTURE, 'audit-policy.yaml'), 'utf8'));
  writeFileSync(join(dir, 'fleet', 'workloads.yaml'), readFileSync(join(FIXTURE, 'workloads.yaml'), 'utf8'));
  return dir;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Checks what a validator would on these pages: the doctype, every element
 * closed in order (void elements excepted), attributes quoted, unique ids,
 * in-page links that resolve. Returns the problems.
 */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!DOCTYPE html>\n<html lang="en">')) problems.push('no doctype or html element at the start');
  if (!html.trimEnd().endsWith('</html>')) problems.push('does not end with </html>');
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  const open: string[] = [];
  const ids = new Set<string>();
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"<]*")?)*)\s*(\/?)>|<(?!!DOCTYPE)([^>]*)>?/g)) {
    if (m[5] !== undefined) {
      problems.push(`malformed tag <${m[5].slice(0, 40)}`);
      continue;
    }
    const [, close, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (close) {
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${top}>`);
    } else if (!VOID.has(name)) open.push(name);
    const id = /\sid="([^"]*)"/.exec(attrs ?? '')?.[1];
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`duplicate id ${id}`);
      ids.add(id);
    }
  }
  if (open.length) problems.push(`unclosed: ${open.join(' ')}`);
  for (const m of body.matchAll(/href="#([^"]+)"/g)) if (!ids.has(m[1]!)) problems.push(`link to missing #${m[1]}`);
  if (/&(?![a-z]+;|#\d+;)/.test(body.replace(/<[^>]*>/g, ''))) problems.push('unescaped &');
  return problems;
}

/** Relative links of a page (not in-page, not external), without their #fragment. */
function fileLinks(html: string): string[] {
  return [...html.matchAll(/href="([^"#][^"]*)"/g)].map((m) => decodeURI(m[1]!.replace(/&amp;/g, '&')).replace(/#.*$/, ''));
}

const dirs: string[] = [];
let ws = '';
/** The fleet's report as JSON, what the other formats are checked against. */
let rep: ComplianceReport;
test.before(async () => {
  ws = fleet(FLEET);
  dirs.push(ws);
  rep = JSON.parse((await report(['fleet', '-f', 'json'], ws)).stdout) as ComplianceReport;
});
test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the structural check finds broken HTML', () => {
  assert.equal(htmlProblems('<!DOCTYPE html>\n<html lang="en"><body><p>a</p></body></html>'), []);
  assert.ok(htmlProblems('<!DOCTYPE html>\n<html lang="en"><body><p>a</div></body></html>').length > 0);
  assert.ok(htmlProblems('<!DOCTYPE html>\n<html lang="en"><body><a href="#x">a</a></body></html>').length > 0);
  assert.ok(htmlProblems('<!DOCTYPE html>\n<html lang="en"><body><p id="a">a</p><p id="a">b</p></body></html>').length > 0);
  assert.ok(htmlProblems('<!DOCTYPE html>\n<html lang="en"><body>R&D</body></html>').length > 0);
});

test(`-o DIR/ above ${PAGED_ABOVE} Shoots: a summary linking every Shoot page, each page valid HTML with working links`, async () => {
  const out = join(ws, 'out');
  const r = await report(['fleet', '-f', 'html', '-o', 'out/'], ws);
  assert.is(r.code, 1, r.stderr);
  assert.is(rep.shoots.length, FLEET);

  const summary = readFileSync(join(out, 'report.html'), 'utf8');
  assert.equal(htmlProblems(summary), []);
  const pages = readdirSync(join(out, 'shoots')).sort();
  assert.is(pages.length, FLEET);
  const linked = fileLinks(summary).filter((l) => l.startsWith('shoots/'));
  assert.equal([...linked].sort(), pages.map((p) => `shoots/${p}`), 'the summary links every Shoot page once');
  // Summary rows carry each Shoot's counts, in report order.
  const rows = [...summary.matchAll(/<tr data-shoot="([^"]+)">/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
  assert.equal(rows, rep.shoots.map((s) => s.key));
  assert.ok(summary.length < 20e6);

  for (const page of [...pages, '../provider-rules.html']) {
    const file = join(out, 'shoots', page);
    const html = readFileSync(file, 'utf8');
    assert.equal(htmlProblems(html), [], page);
    for (const link of fileLinks(html)) assert.ok(existsSync(resolve(join(out, 'shoots', page, '..'), link)), `${page}: ${link}`);
  }
  for (const link of fileLinks(summary)) assert.ok(existsSync(resolve(out, link)), `report.html: ${link}`);

  // A Shoot's page has its counts and its cluster-admin rules; the provider's are one page for all.
  const s = rep.shoots[1]!;
  const own = readFileSync(join(out, 'shoots', `${s.shoot.namespace}--${s.shoot.name}.html`), 'utf8');
  assert.match(own, `data-shoot="${s.key}"`);
  for (const [state, n] of Object.entries(s.counts)) if (n > 0) assert.match(own, `<tr data-state="${state}">`);
  const admin = rep.rules.filter((x) => x.responsibility === 'cluster-admin');
  assert.is([...own.matchAll(/<tr id="d1-(\d+)"/g)].length, admin.length);
  assert.match(readFileSync(join(out, 'provider-rules.html'), 'utf8'), /<table class="details" id="provider">/);
});

test(`above ${PAGED_ABOVE} Shoots without a directory: one summary page, no Shoot details`, async () => {
  const r = await report(['fleet', '-f', 'html'], ws);
  assert.is(r.code, 1);
  const html = r.stdout;
  assert.equal(htmlProblems(html), []);
  assert.is([...html.matchAll(/<tr data-shoot="/g)].length, FLEET);
  assert.not.match(html, 'id="matrix"');
  assert.not.match(html, '<section id="details-');
  assert.not.match(html, 'href="shoots/');
  assert.match(html, /write the report to a directory \(-o DIR\/\)/);
  // Per rule, the Shoots in each state add up to the fleet.
  const row = /<tr data-rule="242395">(.*?)<\/tr>/.exec(html)![1]!;
  const counts = [...row.matchAll(/<td class="n" data-state="[a-z-]+">(\d*)<\/td>/g)].map((m) => Number(m[1] || 0));
  assert.is(counts.reduce((a, b) => a + b, 0), FLEET);
});

test(`at most ${PAGED_ABOVE} Shoots: the single page with every Shoot's details, written to a directory too`, async () => {
  const small = fleet(3);
  dirs.push(small);
  await report(['fleet', '-f', 'html', '-o', 'out/'], small);
  const page = readFileSync(join(small, 'out', 'report.html'), 'utf8');
  assert.equal(readdirSync(join(small, 'out')), ['report.html']);
  assert.equal(htmlProblems(page), []);
  assert.match(page, 'id="matrix"');
  assert.is([...page.matchAll(/<section id="details-/g)].length, 3);
  assert.is(page, (await report(['fleet', '-f', 'html'], small)).stdout.replace(/href="fleet\//g, 'href="../fleet/'));
});

test('Markdown of many failing Shoots stays within a pull-request comment and says where the full report is', async () => {
  const r = await report(['fleet', '-f', 'markdown'], ws);
  assert.is(r.code, 1);
  const md = r.stdout;
  assert.ok(md.length <= COMMENT_LIMIT, `${md.length} characters`);
  assert.match(md, /^# shootlint compliance report/);
  assert.match(md, /## Failing rules/);
  assert.match(md, /\| V-242395 /);
  assert.match(md, /does not fit in a comment of 65536 characters: run shootlint report -f html -o DIR\//);
  // The Shoot table lists the failing Shoots as far as they fit, then says how many more.
  const failing = rep.shoots.filter((s) => s.counts.fail > 0);
  assert.match(md, `**${failing.length} of ${FLEET} Shoots** fail`);
  const listed = [...md.matchAll(/^\| \*\*(?:sandbox|payments)-\d+\*\* /gm)].length;
  assert.ok(listed > 0);
  if (listed < failing.length) assert.match(md, `… and ${failing.length - listed} more Shoots with failing rules.`);

  // Written to a directory: the comment, plus one full page per Shoot.
  await report(['fleet', '-f', 'markdown', '-o', 'md/'], ws);
  const comment = readFileSync(join(ws, 'md', 'report.md'), 'utf8');
  assert.ok(comment.length <= COMMENT_LIMIT);
  assert.match(comment, /one Markdown page per Shoot is in shoots\//);
  const pages = readdirSync(join(ws, 'md', 'shoots'));
  assert.is(pages.length, FLEET);
  const one = readFileSync(join(ws, 'md', 'shoots', pages[0]!), 'utf8');
  assert.match(one, /^\[Summary of all \d+ Shoots\]\(\.\.\/report\.md\)/);
  assert.match(one, /\| rule \| CAT \| state \| evidence \| fix \|/);
  assert.match(one, /\]\(\.\.\/\.\.\/fleet\/shoot-\d+\.yaml#L\d+\)/);
});

test('the comment stays within the limit however long the names and notes are', async () => {
  const long = 'x'.repeat(3000);
  const huge: ComplianceReport = {
    ...rep,
    notes: Array.from({ length: 50 }, (_, i) => `${i} ${long}`),
    shoots: [...rep.shoots, ...rep.shoots, ...rep.shoots].map((s, i) => ({ ...s, key: `${s.key}-${i}`, shoot: { ...s.shoot, name: `${s.shoot.name}-${long}-${i}` } })),
  };
  const md = markdownComment(huge, { href: (f, l) => `${f}#L${l}` }, 'elsewhere');
  assert.ok(md.length <= COMMENT_LIMIT, `${md.length}`);
  assert.match(md, /more Shoots with failing rules/);
  assert.match(md, /> … and 40 more notes\./);
  assert.ok(md.endsWith('elsewhere\n'));
});

test('below the comment limit Markdown is the whole report, as before', async () => {
  const md = (await report([FIXTURE, '-f', 'markdown'], ROOT)).stdout;
  assert.ok(md.length <= COMMENT_LIMIT);
  assert.match(md, /## Rules × Shoots/);
  assert.not.match(md, /does not fit in a comment/);
});

test('many Shoots are listed a page at a time, each list page linking the others and its Shoots', () => {
  const shoots: ShootInfo[] = Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, namespace: 'garden-x', filePath: `s${i}.yaml`, line: 1, references: [] }));
  const small = buildReport({ release: 'V2R6', results: [], rules: RULES.map((r) => r.meta), shoots, toolVersion: 't' });
  const out = mkdtempSync(join(tmpdir(), 'shootlint-lists-'));
  dirs.push(out);
  writeDocument(small, 'html', { dir: out, stdout: () => assert.unreachable('nothing to stdout'), href: (f) => f }, { pagedAbove: 2, shootsPerList: 3 });
  assert.equal(readdirSync(out).sort(), ['provider-rules.html', 'report-2.html', 'report-3.html', 'report.html', 'shoots']);
  const lists = ['report.html', 'report-2.html', 'report-3.html'].map((f) => readFileSync(join(out, f), 'utf8'));
  const keys = lists.map((html) => [...html.matchAll(/<tr data-shoot="garden-x\/(s\d)">/g)].map((m) => m[1]));
  assert.equal(keys, [['s0', 's1', 's2'], ['s3', 's4', 's5'], ['s6']]);
  lists.forEach((html, k) => {
    assert.equal(htmlProblems(html), []);
    const others = fileLinks(html).filter((l) => /^report(-\d)?\.html$/.test(l));
    assert.equal(others, ['report.html', 'report-2.html', 'report-3.html'].filter((_, j) => j !== k));
    for (const link of fileLinks(html).filter((l) => l.startsWith('shoots/'))) assert.ok(existsSync(join(out, link)), link);
  });
  assert.match(lists[1]!, 'Shoots 4–6 of 7.');
});

test(`a report that keeps no cells (above ${PAGED_ABOVE} Shoots, each Shoot's made when read) reads as one that keeps them all`, () => {
  const dir = fleet(FLEET);
  dirs.push(dir);
  const files = readdirSync(join(dir, 'fleet')).sort().map((f) => ({ path: `fleet/${f}`, text: readFileSync(join(dir, 'fleet', f), 'utf8') }));
  const { results } = lint({ files, config: reportLevels(defaultConfig('2026-01-01'), RULES), rules: RULES });
  const built = (cellsKept: number): ComplianceReport =>
    new ReportBuilder({ release: 'V2R6', rules: RULES.map((r) => r.meta), toolVersion: 't' }).addShoots(shootsOf(files.map(parseFile))).addResults(results).build(undefined, cellsKept);
  const [kept, made] = [built(Infinity), built(0)];
  assert.ok(made.shoots.length > PAGED_ABOVE && adminFailures(kept) > 0);
  assert.is(adminFailures(made), adminFailures(kept));
  const text = (r: ComplianceReport, format: 'json' | 'html' | 'markdown', dirOut?: string): string =>
    collect((write) => writeDocument(r, format, { ...(dirOut ? { dir: dirOut } : {}), stdout: write, href: (f) => f }));
  for (const format of ['json', 'html', 'markdown'] as const) assert.ok(text(made, format) === text(kept, format), format);
  assert.ok(markdownComment(made, {}, 'elsewhere') === markdownComment(kept, {}, 'elsewhere'));
  const [a, b] = ['kept', 'made'].map((name) => join(dir, name));
  text(kept, 'html', a);
  text(made, 'html', b);
  const page = readdirSync(join(a, 'shoots'))[5]!;
  assert.ok(readFileSync(join(b, 'shoots', page), 'utf8') === readFileSync(join(a, 'shoots', page), 'utf8'), page);
  assert.ok(readFileSync(join(b, 'report.html'), 'utf8') === readFileSync(join(a, 'report.html'), 'utf8'));
});

test('JSON written in pieces is JSON.stringify\'s text', () => {
  const value = { a: 1, list: [{ x: 'a\nb', y: [1, 2, { z: null }] }, [], {}], empty: [], nested: { k: ['v'] }, gone: undefined };
  assert.is(collect((w) => writeJson(w, value, ['list', 'empty'])), JSON.stringify(value, null, 2));
  assert.is(collect((w) => writeJsonArray(w, [1, 'two', { three: [3] }])), JSON.stringify([1, 'two', { three: [3] }], null, 2));
  assert.is(collect((w) => writeJsonArray(w, [])), '[]');
  assert.is(collect((w) => writeJson(w, {})), '{}');
});

const hasChromium = chromiumPath() !== undefined;
if (!hasChromium && !process.env.CI) {
  test('paged HTML in headless Chromium (skipped: chromium not installed)', () => {
    console.log('  skipping: chromium is not installed (never skipped in CI)');
  });
} else {
  test('paged HTML opens in headless Chromium: summary tables and a Shoot page visible, no console error, no request', async () => {
    const out = join(ws, 'chromium');
    await report(['fleet', '-f', 'html', '-o', 'chromium/'], ws);
    const summary = await loadPage(join(out, 'report.html'), {
      expression: `return { rules: document.querySelectorAll('#rules tr[data-rule]').length, shoots: document.querySelectorAll('#shoots tbody tr').length,
        links: document.querySelectorAll('#shoots a[href^="shoots/"]').length, visible: document.querySelector('#shoots').getBoundingClientRect().height > 0 };`,
    });
    assert.equal(summary.consoleErrors, []);
    assert.equal(summary.requests, []);
    assert.equal(summary.value, { rules: 92, shoots: FLEET, links: FLEET, visible: true });
    const page = readdirSync(join(out, 'shoots')).sort()[0]!;
    const shoot = await loadPage(join(out, 'shoots', page), {
      expression: `return { cards: document.querySelectorAll('#summary .card').length, rows: document.querySelectorAll('table.details tr[data-state]').length,
        up: document.querySelector('#up').getAttribute('href') };`,
    });
    assert.equal(shoot.consoleErrors, []);
    assert.equal(shoot.requests, []);
    const admin = rep.rules.filter((x) => x.responsibility === 'cluster-admin').length;
    assert.equal(shoot.value, { cards: 1, rows: admin, up: '../report.html' });
  });
}

test.run();
