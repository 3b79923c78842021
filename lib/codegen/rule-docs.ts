import type { AnyRule } from '../engine/rule.ts';
import { STIG_RELEASES, stigRef, stigRule } from '../engine/stig.ts';
import type { GeneratedFile } from './generated.ts';
import { banner } from './generated.ts';

const GEN = 'lib/codegen/rule-docs.ts';

function optionRows(rule: AnyRule): string[] {
  const opts = Object.entries(rule.meta.options ?? {});
  if (!opts.length) return ['This rule has no options.'];
  return [
    '| option | type | default | description |',
    '|---|---|---|---|',
    ...opts.map(([name, o]) => {
      const type = o.schema.enum ? (o.schema.enum as unknown[]).map((e) => `\`${JSON.stringify(e)}\``).join(' \\| ') : String(o.schema.type ?? 'any');
      return `| \`${name}\` | ${type} | \`${JSON.stringify(o.default)}\` | ${o.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`;
    }),
  ];
}

/** One Markdown page per rule, from its metadata. */
export function ruleDoc(rule: AnyRule): string {
  const m = rule.meta;
  const lines = [banner('md', GEN, `rules/${m.id}.ts`), `# ${m.id}: ${m.name}`, '', m.title, ''];
  const facts = [`- Category: ${m.category}`, `- Default: ${m.defaultSeverity === 'off' ? 'off (enable it in the configuration)' : `on, failures are ${m.defaultSeverity}s`}`];
  for (const id of m.stigIds) {
    const s = stigRule(id);
    if (!s) continue;
    const refs = STIG_RELEASES.map((r) => stigRef(id, r)).filter((r) => r !== undefined);
    facts.push(`- DISA Kubernetes STIG: V-${id} (${s.stigId}), CAT ${s.cat} (${s.severity}); ${refs.length ? refs.map((r) => `${r.release} ${r.ruleId}`).join(', ') : 'in no selectable release'}`);
    facts.push(`- STIG title: ${s.title}`);
  }
  if (m.fixType === 'safe') facts.push('- Machine fix: safe (`--fix` applies it; editors offer it as the preferred quick fix)');
  if (m.fixType === 'review') facts.push('- Machine fix: review (it can lock people out or change what runs: `--fix --fix-type review` or `--fix-all` applies it; read the diff of `--fix-dry-run --fix-type review` first)');
  if (m.strictAware) facts.push('- `strict` mode: a secure default is not enough; the secure value must be written in the manifest.');
  lines.push(...facts, '', '## Why', '', m.rationale.trim(), '', '## How to fix', '', m.fix.trim(), '');
  if (m.fixInstead) lines.push(`Where the selected Gardener release's API no longer has the field the fix writes, no fix is written: ${m.fixInstead.trim()}`, '');
  if (m.snippet) lines.push('```yaml', m.snippet.trimEnd(), '```', '');
  lines.push('## Options', '', ...optionRows(rule), '');
  if (m.sources?.length) lines.push('## Sources', '', ...m.sources.map((s) => `- <${s}>`), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function ruleIndex(rules: readonly AnyRule[]): string {
  const rows = rules.map((r) => {
    const s = r.meta.stigIds[0] ? stigRule(r.meta.stigIds[0]) : undefined;
    return `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.name} | ${s ? `CAT ${s.cat}` : 'beyond the STIG'} | ${r.meta.defaultSeverity} | ${r.meta.title.replace(/\|/g, '\\|')} |`;
  });
  return [banner('md', GEN, 'rules/*.ts'), '# Rules', '', '| id | name | STIG | default | requires |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

export async function generateRuleDocs(): Promise<GeneratedFile[]> {
  const { RULES } = await import('../../rules/index.ts');
  return [
    ...RULES.map((r) => ({ path: `rules/${r.meta.id}.md`, content: ruleDoc(r) })),
    { path: 'rules/README.md', content: ruleIndex(RULES) },
  ];
}
