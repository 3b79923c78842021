import type { AnyRule } from '../engine/rule.ts';
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
