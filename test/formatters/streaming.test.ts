/**
 * Every format is written file by file: a valid document at 0, 1 and many
 * findings (json and gitlab an array, sarif one run that validates, junit one
 * <testsuites> document whose totals count its cases), the same text whatever
 * spool holds what is written before its header, and the same text as a whole
 * run written at once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rulesMeta } from '../../lib/cli/main.ts';
import type { FileResult, RuleResult } from '../../lib/engine/types.ts';
import { FORMATTER_NAMES, formatText, loadFormatter } from '../../lib/formatters/index.ts';
import type { Formatter, FormatterContext } from '../../lib/formatters/types.ts';
import { collect, fileSpool, memorySpool } from '../../lib/run/sink.ts';
import { RULES } from '../../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/results.json'), 'utf8')) as { files: FileResult[]; results: RuleResult[] };
const ctx: FormatterContext = { cwd: '/work/fleet', version: '0.1.0', rulesMeta: rulesMeta(RULES), color: false };

const withFindings = fixture.files.filter((f) => f.messages.length > 0);
const clean = fixture.files.filter((f) => f.messages.length === 0 && f.suppressedMessages.length === 0);
const oneFinding: FileResult = { ...withFindings[0]!, messages: [withFindings[0]!.messages[0]!], suppressedMessages: [], errorCount: withFindings[0]!.messages[0]!.severity === 2 ? 1 : 0, warningCount: withFindings[0]!.messages[0]!.severity === 1 ? 1 : 0 };

/** Many files: the fixture's files again and again under other names. */
function many(copies: number): FileResult[] {
  const out: FileResult[] = [];
  for (let i = 0; i < copies; i++) for (const f of fixture.files) out.push({ ...f, filePath: `copy-${String(i).padStart(4, '0')}/${f.filePath}` });
  return out;
}

function validateSarif(log: unknown): string[] {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const AjvDraft4 = require('ajv-draft-04');
  const ajv = new (AjvDraft4.default ?? AjvDraft4)({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message: string }) => `${e.instancePath} ${e.message}`);
}

async function formatter(name: string): Promise<Formatter> {
  const f = await loadFormatter(name);
  assert.ok(f, name);
  return f!;
}

const count = (files: readonly FileResult[]): number => files.reduce((n, f) => n + f.messages.length, 0);

const CASES: [string, FileResult[]][] = [
  ['no files', []],
  ['a clean file', clean],
  ['one finding', [oneFinding]],
  ['many findings', many(3)],
];

for (const [label, files] of CASES) {
  test(`every format is a valid document with ${label}`, async () => {
    const shown = count(files);
    const json = JSON.parse(formatText(await formatter('json'), files, ctx, fixture.results));
    assert.ok(Array.isArray(json));
    assert.is(json.length, files.length);
    const gitlab = JSON.parse(formatText(await formatter('gitlab'), files, ctx));
    assert.ok(Array.isArray(gitlab));
    assert.is(gitlab.length, shown);
    const log = JSON.parse(formatText(await formatter('sarif'), files, ctx));
    assert.equal(validateSarif(log), []);
    assert.is(log.runs.length, 1);
    assert.is(log.runs[0].results.length, shown + files.reduce((n, f) => n + f.suppressedMessages.length, 0));
    for (const r of log.runs[0].results) assert.is(log.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const xml = formatText(await formatter('junit'), files, ctx, fixture.results);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*>\n[\s\S]*<\/testsuites>\n$/);
    assert.is(xml.match(/<testsuites /g)!.length, 1);
    const cases = (xml.match(/<testcase /g) ?? []).length;
    assert.is(Number(/<testsuites name="shootlint" tests="(\d+)"/.exec(xml)![1]), cases);
    assert.is((xml.match(/<testsuite /g) ?? []).length, files.length);
    const github = formatText(await formatter('github'), files, ctx);
    assert.is(github === '' ? 0 : github.trimEnd().split('\n').length, shown);
    const stylish = formatText(await formatter('stylish'), files, ctx);
    if (shown === 0) assert.is(stylish, '');
    else assert.match(stylish, new RegExp(`✖ ${shown} problems?`));
  });
}

test('a spool that moves to a temporary file gives back the same text, multibyte characters across its blocks included', () => {
  const spool = fileSpool();
  const pieces: string[] = [];
  for (let i = 0; i < 40_000; i++) pieces.push(`${i}: äöü ✖ 𝒮 \u2028 ${'x'.repeat(i % 97)}\n`);
  for (const p of pieces) spool.write(p);
  assert.is(collect((w) => spool.drain(w)), pieces.join(''));
  assert.is(collect((w) => spool.drain(w)), '', 'drained once');
});

test('every format writes the same text through a file spool as through memory', async () => {
  const files = many(400); // several MiB of SARIF results: the spool spills to its file
  for (const name of FORMATTER_NAMES) {
    const f = await formatter(name);
    const inMemory = formatText(f, files, { ...ctx, spool: memorySpool }, fixture.results);
    const spilled = formatText(f, files, { ...ctx, spool: fileSpool }, fixture.results);
    assert.ok(inMemory === spilled, name);
  }
});

/** One file of many findings (the fixture's again and again, further down the file), shown and suppressed. */
function bigFile(): FileResult {
  const source = withFindings.at(-1)!;
  const messages = [];
  const suppressedMessages = [];
  for (let i = 0; i < 300; i++) {
    // Positions grow wider down the file: the widest is only known at its end.
    for (const m of source.messages) messages.push({ ...m, line: m.line + i * i * 3, endLine: m.endLine + i * i * 3 });
    // Every 50th copy repeats a finding at the same place: repeats of a fingerprint key across parts.
    if (i % 50 === 0) messages.push({ ...source.messages[0]! });
    if (i % 3 === 0) for (const m of source.suppressedMessages) suppressedMessages.push({ ...m, line: m.line + i });
  }
  return { filePath: 'fleet/landscape.json', messages, suppressedMessages, errorCount: messages.filter((m) => m.severity === 2).length, warningCount: messages.filter((m) => m.severity === 1).length };
}

/** `f` cut into parts of `size` messages (its suppressed messages spread over them), with its results. */
function parts(f: FileResult, results: readonly RuleResult[], size: number): { part: FileResult; results: RuleResult[]; more: boolean }[] {
  const out: { part: FileResult; results: RuleResult[]; more: boolean }[] = [];
  const n = Math.max(1, Math.ceil(f.messages.length / size));
  for (let i = 0; i < n; i++) {
    const messages = f.messages.slice(i * size, (i + 1) * size);
    const share = Math.ceil(f.suppressedMessages.length / n);
    const suppressedMessages = f.suppressedMessages.slice(i * share, (i + 1) * share);
    const part = { filePath: f.filePath, messages, suppressedMessages, errorCount: messages.filter((m) => m.severity === 2).length, warningCount: messages.filter((m) => m.severity === 1).length };
    out.push({ part, results: i === 0 ? [...results] : [], more: i < n - 1 });
  }
  return out;
}

test('every format writes a file handed on in parts as the same file handed on whole', async () => {
  const big = bigFile();
  const results = fixture.results.map((r) => ({ ...r, filePath: big.filePath }));
  const before = fixture.files.map((f) => ({ ...f, filePath: `a/${f.filePath}` }));
  const after = fixture.files.map((f) => ({ ...f, filePath: `z/${f.filePath}` }));
  const empty: FileResult = { filePath: 'fleet/empty.json', messages: [], suppressedMessages: [], errorCount: 0, warningCount: 0 };
  for (const name of FORMATTER_NAMES) {
    const f = await formatter(name);
    for (const spool of [memorySpool, fileSpool]) {
      const c = { ...ctx, spool };
      const whole = collect((write) => {
        const doc = f(c, write);
        for (const x of before) doc.file(x, []);
        doc.file(big, results);
        doc.file(empty, []);
        for (const x of after) doc.file(x, []);
        doc.end();
      });
      for (const size of [1, 7, 250, big.messages.length]) {
        const streamed = collect((write) => {
          const doc = f(c, write);
          for (const x of before) doc.file(x, []);
          for (const p of parts(big, results, size)) doc.file(p.part, p.results, p.more);
          doc.file({ ...empty }, [], true);
          doc.file(empty, [], false);
          for (const x of after) doc.file(x, []);
          doc.end();
        });
        assert.ok(streamed === whole, `${name}, parts of ${size}`);
      }
    }
  }
});

test.run();
