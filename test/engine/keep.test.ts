/**
 * `keep` in a lint request: the files whose findings are wanted. The others
 * are context: every rule sees their objects (a Shoot's audit policy is
 * judged in its ConfigMap for the Shoot), but nothing is built for findings
 * placed in them. A kept file's findings are those of a lint of all files.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lint } from '../../lib/engine/lint.ts';
import type { LintOutput, SourceFile } from '../../lib/engine/types.ts';
import { RULES } from '../../rules/index.ts';
import { auditedShoot, auditPolicy } from '../run/manifests.ts';

const files: SourceFile[] = [
  { path: 'shoot.yaml', text: auditedShoot('dev', 'dev-audit-policy', '\n  addons:\n    kubernetesDashboard:\n      enabled: true') },
  { path: 'policy.yaml', text: auditPolicy('dev-audit-policy', 'Metadata') },
];
const config = defaultConfig('2026-01-01');

function only(out: LintOutput, path: string): LintOutput {
  return { files: out.files.filter((f) => f.filePath === path), results: out.results.filter((r) => r.filePath === path) };
}

test('a kept file: the findings of a lint of all files; a context file: none built', () => {
  const all = lint({ files, config, rules: RULES, collectPasses: false });
  assert.ok(all.files.every((f) => f.messages.length > 0), 'both files have findings');
  for (const path of ['shoot.yaml', 'policy.yaml']) {
    const kept = lint({ files, config, rules: RULES, collectPasses: false, keep: new Set([path]) });
    assert.equal(kept, only(all, path), path);
  }
  const policy = lint({ files, config, rules: RULES, collectPasses: false, keep: new Set(['policy.yaml']) });
  assert.ok(policy.files[0]!.messages.some((m) => m.ruleId === '242403'), 'the policy judged for the context Shoot');
});

test.run();
