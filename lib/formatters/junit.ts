import type { LintMessage, ObjectRef, RuleResult } from '../engine/types.ts';
import { memorySpool } from '../run/sink.ts';
import { joinParts, relativePath } from './shared.ts';
import type { Formatter } from './types.ts';
import { collate } from '../engine/collate.ts';

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escapes an attribute value; line breaks and tabs as character references, so parsers keep them. */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function objectName(o: ObjectRef | undefined): string {
  return o ? [o.kind, o.namespace, o.name].filter(Boolean).join('/') : '(file)';
}

interface Case {
  readonly file: string;
  readonly object: string;
  readonly ruleId: string;
  ruleName: string;
  readonly failures: LintMessage[];
  readonly results: RuleResult[];
  readonly suppressed: LintMessage[];
}

/**
 * JUnit XML: a test suite per file, a test case per object × rule. A case
 * fails (one <failure>, listing every finding shown), is skipped when suppressed or not
 * applicable, and passes otherwise. Suites are written file by file (to the
 * spool: the totals in front of them count them all).
 */
const junit: Formatter = (ctx, write) => {
  const spool = (ctx.spool ?? memorySpool)();
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  return {
    // A test case gathers the findings and verdicts of an object and rule from anywhere in the file: parts are joined.
    file: joinParts((f, results) => {
      const file = relativePath(ctx.cwd, f.filePath);
      const cases = new Map<string, Case>();
      const caseOf = (object: ObjectRef | undefined, ruleId: string): Case => {
        const key = JSON.stringify([objectName(object), ruleId]);
        let c = cases.get(key);
        if (!c) {
          c = { file, object: objectName(object), ruleId, ruleName: ctx.rulesMeta.get(ruleId)?.name ?? ruleId, failures: [], results: [], suppressed: [] };
          cases.set(key, c);
        }
        return c;
      };
      for (const m of f.messages) {
        const c = caseOf(m.object, m.ruleId);
        c.failures.push(m);
        if (m.ruleName) c.ruleName = m.ruleName;
      }
      for (const m of f.suppressedMessages) caseOf(m.object, m.ruleId).suppressed.push(m);
      for (const r of results) if (r.state === 'pass' || r.state === 'not-applicable') caseOf(r.object, r.ruleId).results.push(r);

      const list = [...cases.values()].sort(compareCases);
      const body: string[] = [];
      let sf = 0;
      let ss = 0;
      for (const c of list) {
        const name = c.ruleName !== c.ruleId ? `${c.ruleId} ${c.ruleName}` : c.ruleId;
        const open = `    <testcase name="${escapeAttr(name)}" classname="${escapeAttr(`${file}:${c.object}`)}"`;
        if (c.failures.length) {
          sf++;
          // One <failure> per test case (the JUnit schema allows no more): every finding of the case in its text.
          const first = c.failures[0]!;
          const more = c.failures.length > 1 ? ` (and ${c.failures.length - 1} more finding${c.failures.length > 2 ? 's' : ''} of this rule)` : '';
          const text = c.failures
            .map((m) => `${file}:${m.line}:${m.column}: ${m.message}${m.path ? `\nat ${m.path}` : ''}${m.fix ? `\nfix: ${m.fix}` : ''}`)
            .join('\n\n');
          const type = c.failures.some((m) => m.severity === 2) ? 'error' : 'warning';
          body.push(`${open}>`, `      <failure message="${escapeAttr(first.message + more)}" type="${type}">${escapeXml(text)}</failure>`, '    </testcase>');
        } else if (c.suppressed.length || (c.results.length && c.results.every((r) => r.state === 'not-applicable'))) {
          ss++;
          const why = c.suppressed.length
            ? `suppressed: ${c.suppressed.flatMap((m) => (m.suppressions ?? []).map((s) => s.justification)).join('; ')}`
            : `not applicable: ${c.results[0]!.evidence ?? c.results[0]!.message}`;
          body.push(`${open}>`, `      <skipped message="${escapeAttr(why)}"/>`, '    </testcase>');
        } else {
          body.push(`${open}/>`);
        }
      }
      tests += list.length;
      failures += sf;
      skipped += ss;
      spool.write(`${[`  <testsuite name="${escapeAttr(file)}" tests="${list.length}" failures="${sf}" errors="0" skipped="${ss}">`, ...body, '  </testsuite>'].join('\n')}\n`);
    }),
    end: () => {
      write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="shootlint" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">\n`);
      spool.drain(write);
      write('</testsuites>\n');
    },
  };
};

function compareCases(a: Case, b: Case): number {
  return collate(a.file, b.file) || collate(a.object, b.object) || a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true });
}

export default junit;
