/**
 * `shootlint explain RULE`: a rule's page in the terminal (what the rule's
 * Markdown page says: title, STIG ids and CAT, rationale, fix, options, link).
 */
import { didYouMean } from '../config/did-you-mean.ts';
import type { AnyRule } from '../engine/rule.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import { DEFAULT_STIG_RELEASE, isStigRelease, STIG_RELEASES, stigRef, stigRule } from '../engine/stig.ts';
import type { StigRelease } from '../engine/stig.ts';
import { RULES } from '../../rules/index.ts';
import { parseCommandLine } from '../run/options.ts';
import type { CliIo } from '../run/io.ts';
import { UsageError } from '../run/usage-error.ts';

export const EXPLAIN_USAGE = `Usage: shootlint explain RULE [--stig-release V2R6|V1R11]

Prints a rule's page: title, STIG ids and CAT, why it matters, how to fix a
finding, its options and the link to its documentation. RULE is an id
(242395) or a name (no-dashboard).
`;

const SPEC = { 'stig-release': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export function runExplain(argv: readonly string[], io: CliIo, rules: readonly AnyRule[] = RULES): number {
  const { values, positionals } = parseCommandLine(argv, SPEC, 'shootlint explain');
  if (values.help) {
    io.stdout(EXPLAIN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`explain takes one rule id or name\n${EXPLAIN_USAGE}`.trimEnd());
  const release = (values['stig-release'] ?? DEFAULT_STIG_RELEASE).toUpperCase();
  if (!isStigRelease(release)) throw new UsageError(`--stig-release must be one of ${STIG_RELEASES.join(', ')}, got "${values['stig-release']}"`);
  const wanted = positionals[0]!;
  const rule = rules.find((r) => r.meta.id === wanted || r.meta.name === wanted);
  if (!rule) {
    const hint = didYouMean(wanted, rules.flatMap((r) => [r.meta.id, r.meta.name]));
    throw new UsageError(`unknown rule "${wanted}"${hint ? `; did you mean "${hint}"?` : ''}; run shootlint --print-rules for the list`);
  }
  io.stdout(explainRule(rule, release));
  return 0;
}

function indent(text: string, by = '  '): string {
  return text
    .trim()
    .split('\n')
    .map((l) => (l.trim() ? `${by}${l}` : ''))
    .join('\n');
}

/** The page as plain text. */
export function explainRule(rule: AnyRule, release: StigRelease): string {
  const m = rule.meta;
  const out = [`${m.id} ${m.name}`, m.title, ''];
  for (const id of m.stigIds) {
    const s = stigRule(id);
    if (!s) continue;
    const ref = stigRef(id, release);
    out.push(`STIG:      V-${id} (${s.stigId}), CAT ${s.cat} (${s.severity}); ${ref ? `${release} ${ref.ruleId}` : `not in ${release}`}`);
    out.push(`           ${s.title}`);
  }
  if (!m.stigIds.length) out.push('STIG:      none (a check beyond the STIG)');
  out.push(`Category:  ${m.category}`);
  out.push(`Default:   ${m.defaultSeverity === 'off' ? 'off (enable it in the configuration)' : `on, failures are ${m.defaultSeverity}s`}`);
  if (m.fixType) out.push(`Fix type:  ${m.fixType === 'safe' ? 'safe (--fix applies it)' : 'review (--fix --fix-type review or --fix-all applies it)'}`);
  if (m.strictAware) out.push('Strict:    a secure default is not enough in strict mode; the value must be written down');
  out.push('', 'Why', indent(m.rationale), '', 'How to fix', indent(m.fix));
  if (m.fixInstead) out.push(indent(`Where the selected Gardener release's API no longer has the field the fix writes: ${m.fixInstead}`));
  if (m.snippet) out.push('', indent(m.snippet, '    '));
  const options = Object.entries(m.options ?? {});
  out.push('', 'Options');
  if (!options.length) out.push('  none');
  for (const [name, o] of options) out.push(`  ${name} (default ${JSON.stringify(o.default)}): ${o.description.replace(/\s*\n\s*/g, ' ')}`);
  if (m.sources?.length) out.push('', 'Sources', ...m.sources.map((s) => `  ${s}`));
  out.push('', `Documentation: ${ruleDocsUrl(m.id)}`);
  return `${out.join('\n')}\n`;
}
