import type { AnyRule } from '../engine/rule.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { SeverityName } from '../engine/types.ts';
import { stigRef } from '../engine/stig.ts';
import type { StigRelease } from '../engine/stig.ts';

/** `--print-rules`: one row per rule with its STIG ids, CAT and default level. */
export function rulesTable(rules: readonly AnyRule[], release: StigRelease): string {
  const rows = rules.map((r) => {
    const ref = r.meta.stigIds.length ? stigRef(r.meta.stigIds[0]!, release) : undefined;
    return [
      r.meta.id,
      r.meta.name,
      ref ? ref.ruleId : r.meta.stigIds.length ? `(not in ${release})` : '-',
      ref ? `CAT ${ref.cat}` : '-',
      r.meta.defaultSeverity === 'off' ? 'off' : `on (${r.meta.defaultSeverity})`,
      r.meta.title,
    ];
  });
  const head = ['id', 'name', `STIG rule (${release})`, 'CAT', 'default', 'title'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** `--print-rules --format json`: every rule's metadata as the selected release sees it, sorted as the table. */
export function rulesJson(rules: readonly AnyRule[], release: StigRelease, severityOf: (rule: AnyRule) => SeverityName): string {
  const list = rules.map((r) => {
    const m = r.meta;
    const ref = m.stigIds.length ? stigRef(m.stigIds[0]!, release) : undefined;
    return {
      id: m.id,
      name: m.name,
      title: m.title,
      category: m.category,
      stigIds: [...m.stigIds],
      stig: ref ? { release: ref.release, ruleId: ref.ruleId, ...(ref.stigId ? { stigId: ref.stigId } : {}), cat: ref.cat, severity: ref.severity } : null,
      defaultSeverity: m.defaultSeverity,
      severity: severityOf(r),
      fixType: m.fixType ?? null,
      strictAware: m.strictAware ?? false,
      options: Object.fromEntries(Object.entries(m.options ?? {}).map(([k, o]) => [k, { description: o.description, default: o.default, schema: o.schema }])),
      docsUrl: ruleDocsUrl(m.id),
    };
  });
  return `${JSON.stringify(list, null, 2)}\n`;
}
