/**
 * Accuracy on a generated corpus whose injected insecure settings are known
 * (test/bench/gen-shoots.mjs --truth): every injected finding is reported at
 * its path, and no Shoot fails a rule the generator did not break.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../lib/engine/defaults.ts';
import { lint } from '../lib/engine/lint.ts';
import { RULES } from '../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const GEN = resolve(ROOT, 'test', 'bench', 'gen-shoots.mjs');
/** The generator's rule names; 242394 is decided with 242393 and checked under that name. */
const TRUTH_RULES = [
  'no-anonymous-auth', 'no-static-token-kubeconfig', 'no-alpha-apis', 'validating-admission-webhook', 'no-dynamic-auditing',
  'no-dynamic-kubelet-config', 'no-sshd-running', 'kubelet-kernel-protection', 'kubelet-streaming-timeout', 'audit-policy',
  'no-dashboard', 'pod-security-admission',
];

interface Truth {
  file: string;
  name: string;
  namespace: string;
  findings: { rule: string; path: string }[];
}

test('generated corpus: injected findings found at their paths, no false failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-acc-'));
  try {
    const truthFile = join(dir, 'truth.jsonl');
    const corpus = join(dir, 'corpus');
    const g = spawnSync(process.execPath, [GEN, corpus, '400', '--seed', '7', '--truth', truthFile], { encoding: 'utf8' });
    assert.is(g.status, 0, g.stderr);
    const truth = readFileSync(truthFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Truth);
    const files = readdirSync(corpus).sort().map((f) => ({ path: f, text: readFileSync(join(corpus, f), 'utf8') }));
    // The corpus injects audit-policy faults as "no policy" and "records nothing"; its other
    // policies end in Metadata or Request catch-alls, which it counts as compliant.
    const base = defaultConfig('2026-01-01');
    const config = { ...base, rules: { '242403': { options: { catchAllLevel: 'Metadata' } } } };
    const out = lint({ files, config, rules: RULES });
    const known = new Set(RULES.map((r) => r.meta.name));
    const checked = TRUTH_RULES.filter((r) => known.has(r));
    assert.ok(checked.length > 0, 'some rules of the truth set exist');

    const missed: string[] = [];
    const extra: string[] = [];
    const nameOf = new Map(RULES.map((r) => [r.meta.id, r.meta.name]));
    const counts = new Map<string, { tp: number; fn: number; fp: number }>(checked.map((r) => [r, { tp: 0, fn: 0, fp: 0 }]));
    for (const t of truth) {
      // Results count for the Shoot they are about, even when they sit in its audit-policy ConfigMap.
      const failing = out.results.filter(
        (r) => r.state === 'fail' && r.severity === 2 && r.object?.kind === 'Shoot' && r.object.name === t.name && r.object.namespace === t.namespace,
      );
      // A Shoot-level kubelet value that no pool uses (every pool has its own kubelet) is
      // latent: a warning at that value, never a STIG error (spec section 2). The corpus
      // counts it as a finding; it is found when warned at its path.
      const latent = out.results.filter(
        (r) => r.state === 'fail' && r.severity === 1 && r.path?.startsWith('spec.kubernetes.kubelet.') && r.object?.kind === 'Shoot' && r.object.name === t.name && r.object.namespace === t.namespace,
      );
      for (const rule of checked) {
        const want = t.findings.filter((f) => f.rule === rule);
        const got = [...failing, ...latent].filter((r) => nameOf.get(r.ruleId) === rule);
        const c = counts.get(rule)!;
        const near = (p: string, w: string): boolean => p === w || p.startsWith(`${w}.`) || w.startsWith(`${p}.`) || w.startsWith(`${p}[`);
        for (const w of want) {
          if (got.some((r) => near(r.path ?? '', w.path) || r.filePath !== t.file)) c.tp++;
          else {
            c.fn++;
            missed.push(`${t.file}: ${rule} at ${w.path} (got: ${got.map((r) => r.path).join(', ') || 'nothing'})`);
          }
        }
        if (want.length === 0 && got.some((r) => r.severity === 2)) {
          c.fp++;
          extra.push(`${t.file}: ${rule} at ${got.filter((r) => r.severity === 2).map((r) => `${r.path} "${r.message}"`).join('; ')}`);
        }
      }
    }
    const table = [...counts].map(([r, c]) => `${r}: ${c.tp} found, ${c.fn} missed, ${c.fp} Shoots failed wrongly`).join('\n');
    assert.equal(missed, [], `missed findings\n${table}`);
    assert.equal(extra, [], `failures the corpus did not inject\n${table}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
