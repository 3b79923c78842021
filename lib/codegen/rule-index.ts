import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GeneratedFile } from './generated.ts';
import { REPO_ROOT, banner } from './generated.ts';

/** rules/index.ts: every rules/<id>.ts, sorted, so no rule can be forgotten in a list kept by hand. */
export function generateRuleIndex(): GeneratedFile[] {
  const ids = readdirSync(resolve(REPO_ROOT, 'rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const ident = (id: string): string => `rule_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = [
    banner('ts', 'lib/codegen/rule-index.ts', 'the files in rules/'),
    "import type { AnyRule } from '../lib/engine/rule.ts';",
    ...ids.map((id) => `import ${ident(id)} from './${id}.ts';`),
    '',
    'export const RULES: readonly AnyRule[] = [',
    ...ids.map((id) => `  ${ident(id)},`),
    '];',
    '',
  ];
  return [{ path: 'rules/index.ts', content: lines.join('\n') }];
}
