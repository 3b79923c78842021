import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../engine/rule.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { LintMessage, Span, Suppression } from '../engine/types.ts';
import type { StigRelease } from '../engine/stig.ts';
import { memorySpool } from '../run/sink.ts';
import { BUILTIN_RULES, Fingerprints, jsonArray, relativePath, ruleStig } from './shared.ts';
import type { Formatter } from './types.ts';

/** GitHub code scanning reads `security-severity` (0-10); STIG categories map onto its bands. */
const SECURITY_SEVERITY: Record<'I' | 'II' | 'III', string> = { I: '8.9', II: '6.5', III: '3.5' };
const SRCROOT = '%SRCROOT%';

type Json = Record<string, unknown>;

function level(severity: 'error' | 'warning' | 'off'): 'error' | 'warning' | 'none' {
  return severity === 'off' ? 'none' : severity;
}

/**
 * SARIF's friendly rule name: one Pascal-case identifier that differs from the
 * id, as SARIF viewers and validators expect ("no-dashboard" → "NoDashboard",
 * "schema" → "Schema"). The kebab-case name stays in properties.
 */
export function sarifRuleName(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function driverRule(id: string, meta: RuleMeta | undefined, release: StigRelease | undefined): Json {
  if (!meta) {
    const text = BUILTIN_RULES[id] ?? id;
    return { id, name: sarifRuleName(id), shortDescription: { text }, fullDescription: { text }, defaultConfiguration: { level: 'warning' }, properties: { tags: ['shootlint'] } };
  }
  const stig = ruleStig(meta, release);
  const tags = ['security', meta.category, ...(stig ? ['stig', `CAT ${stig.cat}`, stig.vulnId] : [])];
  const help = `${meta.rationale}\n\n**Fix:** ${meta.fix}${meta.snippet ? `\n\n\`\`\`yaml\n${meta.snippet.trimEnd()}\n\`\`\`` : ''}`;
  return {
    id: meta.id,
    name: sarifRuleName(meta.name),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale, markdown: meta.rationale },
    helpUri: ruleDocsUrl(meta.id),
    help: { text: `${meta.title} Fix: ${meta.fix}`, markdown: help },
    defaultConfiguration: { level: level(meta.defaultSeverity), ...(meta.defaultSeverity === 'off' ? { enabled: false } : {}) },
    properties: {
      tags,
      shootlintName: meta.name,
      category: meta.category,
      ...(stig
        ? {
            stigIds: [...meta.stigIds],
            stigRuleId: stig.ruleId,
            ...(stig.stigId ? { stigId: stig.stigId } : {}),
            stigRelease: stig.release,
            cat: stig.cat,
            stigSeverity: stig.severity,
            'security-severity': SECURITY_SEVERITY[stig.cat],
          }
        : {}),
    },
  };
}

function region(s: Span): Json {
  return { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

function artifact(cwd: string, filePath: string): Json {
  const rel = relativePath(cwd, filePath);
  if (rel.startsWith('/')) return { uri: pathToFileURL(rel).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function suppression(s: Suppression): Json {
  const inSource = s.kind === 'comment' || s.kind === 'annotation';
  const justification = s.until ? `${s.justification} (until ${s.until})` : s.justification;
  return { kind: inSource ? 'inSource' : 'external', status: 'accepted', justification, properties: { shootlintKind: s.kind, ...(s.until ? { until: s.until } : {}) } };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. The results are
 * written as they come (to the spool: the rule list in front of them names
 * every rule they use, and the STIG release of the first that has one).
 */
const sarif: Formatter = (ctx, write) => {
  const spool = (ctx.spool ?? memorySpool)();
  const results = jsonArray(spool.write, '      ');
  const used = new Set<string>();
  let release: StigRelease | undefined;
  const index = new Map<string, number>();
  // The file being written: its fingerprints (repeats counted across its parts) and suppressed findings.
  let open: { prints: Fingerprints; suppressed: LintMessage[] } | undefined;

  function result(m: LintMessage, filePath: string, suppressed: boolean, print: string): Json {
    const o = m.object;
    return {
      ruleId: m.ruleId,
      ruleIndex: 0,
      level: m.severity === 2 ? 'error' : 'warning',
      message: { text: m.message },
      locations: [
        {
          physicalLocation: { artifactLocation: artifact(ctx.cwd, filePath), region: region(m) },
          ...(o ? { logicalLocations: [{ name: o.name, fullyQualifiedName: [o.kind, o.namespace, o.name].filter(Boolean).join('/') + (m.path ? `:${m.path}` : ''), kind: 'object' }] } : {}),
        },
      ],
      ...(m.relatedLocations?.length
        ? {
            relatedLocations: m.relatedLocations.map((r, i) => ({
              id: i + 1,
              message: { text: r.message },
              physicalLocation: { artifactLocation: artifact(ctx.cwd, r.filePath), region: region(r) },
            })),
          }
        : {}),
      partialFingerprints: { 'shootlint/v1': print },
      ...(suppressed ? { suppressions: (m.suppressions ?? []).map(suppression) } : {}),
      properties: {
        state: m.state,
        ...(m.path ? { path: m.path } : {}),
        ...(o ? { object: { kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } } : {}),
        ...(m.stig ? { stig: { release: m.stig.release, vulnId: m.stig.vulnId, ruleId: m.stig.ruleId, cat: m.stig.cat, severity: m.stig.severity } } : {}),
        ...(m.fix ? { fix: m.fix } : {}),
      },
    };
  }

  // The rule index of a result is its rule's place in the sorted list of every rule the run knows and uses:
  // a built-in id (parse-error, ...) seen later shifts the rules after it, so results carry their rule id
  // as a placeholder index, replaced line by line when the spool is drained.
  const fill = (line: string): string => line.replace(/^( {10}"ruleIndex": )"\\u0000([^"\\]*)\\u0000"/gm, (_, key: string, id: string) => `${key}${index.get(id)}`);

  return {
    file: (f, _results, more = false) => {
      const prints = (open ??= { prints: new Fingerprints(relativePath(ctx.cwd, f.filePath)), suppressed: [] });
      const add = (m: LintMessage, suppressed: boolean): void => {
        if (release === undefined && m.stig) release = m.stig.release as StigRelease;
        used.add(m.ruleId);
        results.item({ ...result(m, f.filePath, suppressed, prints.prints.of(m)), ruleIndex: `\u0000${m.ruleId}\u0000` });
      };
      for (const m of f.messages) add(m, false);
      // A file's suppressed findings follow all its shown ones.
      for (const m of f.suppressedMessages) prints.suppressed.push(m);
      if (more) return;
      for (const m of prints.suppressed) add(m, true);
      open = undefined;
    },
    end: () => {
      results.end();
      const ids = [...new Set([...ctx.rulesMeta.keys(), ...used])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      ids.forEach((id, i) => index.set(id, i));
      const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'shootlint',
                semanticVersion: ctx.version,
                version: ctx.version,
                informationUri: 'https://github.com/shootlint/shootlint',
                rules: ids.map((id) => driverRule(id, ctx.rulesMeta.get(id), release)),
              },
            },
            originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(ctx.cwd.endsWith('/') ? ctx.cwd : `${ctx.cwd}/`).href } },
            columnKind: 'utf16CodeUnits',
            results: RESULTS,
          },
        ],
      };
      const text = JSON.stringify(log, null, 2);
      const at = text.indexOf(JSON.stringify(RESULTS));
      write(text.slice(0, at));
      let carry = '';
      spool.drain((piece) => {
        const text = carry + piece;
        const cut = text.lastIndexOf('\n') + 1;
        carry = text.slice(cut);
        if (cut) write(fill(text.slice(0, cut)));
      });
      write(fill(carry));
      write(`${text.slice(at + JSON.stringify(RESULTS).length)}\n`);
    },
  };
};

/** Stands for the results in the log's text until they are written in its place. */
const RESULTS = '\u0001results\u0001';

export default sarif;
