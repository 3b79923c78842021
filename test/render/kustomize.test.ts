import { rmSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli/run-cli.ts';
import { fixtureCopy, MISSING, toolEnv, toolsPresent } from './tools.ts';

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  object?: { overlay?: string };
}
interface JsonFile {
  filePath: string;
  messages: JsonMessage[];
}

const rows = (stdout: string, dir: string): string[] =>
  (JSON.parse(stdout) as JsonFile[]).flatMap((f) => f.messages.map((m) => `${f.filePath.replace(`${dir}/`, '')}:${m.line}:${m.column} ${m.ruleId} [${m.object?.overlay ?? ''}]`)).sort();

if (!toolsPresent && !process.env.CI) {
  console.warn(`kustomize render tests skipped: ${MISSING}`);
  test.skip('kustomize renders');
} else {
  test('GitOps base and overlays: exactly the real findings, at the patch lines, tagged with their overlay', async () => {
    assert.ok(toolsPresent, `${MISSING}; .ci/run fetches them`);
    const dir = fixtureCopy('gitops');
    try {
      const r = await runCli(dir, ['-f', 'json', '.'], { env: toolEnv() });
      assert.is(r.stderr, '');
      assert.is(r.code, 1);
      assert.equal(rows(r.stdout, dir), [
        // Overlay B: the inline JSON 6902 patch in its kustomization.yaml (the field is deprecated too).
        'overlays/dashboard/kustomization.yaml:13:9 schema [overlays/dashboard]',
        'overlays/dashboard/kustomization.yaml:15:22 242395 [overlays/dashboard]',
        // Overlay A: the strategic-merge patch file's line.
        'overlays/ssh/enable-ssh.yaml:10:18 242393 [overlays/ssh]',
        'overlays/ssh/enable-ssh.yaml:10:18 242394 [overlays/ssh]',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the clean overlay and the base are clean, the patch file is not linted on its own, stylish names the overlay', async () => {
    const dir = fixtureCopy('gitops');
    try {
      // Alone (in the repository context the overlays that use the base would be judged too).
      const clean = await runCli(dir, ['--no-workspace', 'overlays/upgrade', 'base'], { env: toolEnv() });
      assert.is(clean.code, 0, clean.stdout + clean.stderr);
      assert.is(clean.stdout, '');
      const ssh = await runCli(dir, ['overlays/ssh'], { env: toolEnv() });
      assert.is(ssh.code, 1);
      assert.match(ssh.stdout, 'overlays/ssh/enable-ssh.yaml\n  10:18  error    SSH access to the worker nodes is enabled');
      assert.match(ssh.stdout, '[overlays/ssh]  242393 no-sshd-running');
      assert.not.match(ssh.stdout, '242402');
      assert.not.match(ssh.stdout, 'spec.region');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a base field that fails maps to the resource line in every overlay that keeps it; namespace transformer', async () => {
    const dir = fixtureCopy('gitops');
    try {
      // Without the audit extension in the base, every render fails 242402 at the base's line.
      const { writeFileSync, readFileSync, mkdirSync } = await import('node:fs');
      const shoot = `${dir}/base/shoot.yaml`;
      writeFileSync(shoot, readFileSync(shoot, 'utf8').replace('    - type: auditing            # audit backend (242402, 242461-242465)\n', ''));
      mkdirSync(`${dir}/overlays/default-ns`);
      writeFileSync(`${dir}/overlays/default-ns/kustomization.yaml`, 'resources:\n  - ../../base\n  - pod.yaml\nnamespace: default\n');
      writeFileSync(`${dir}/overlays/default-ns/pod.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n');
      const r = await runCli(dir, ['-f', 'json', '--rule', '242402', '--rule', '242383', '.'], { env: toolEnv() });
      const got = rows(r.stdout, dir);
      for (const o of ['base', 'overlays/dashboard', 'overlays/ssh', 'overlays/upgrade', 'overlays/default-ns']) {
        assert.ok(got.some((g) => g.startsWith('base/shoot.yaml:') && g.includes(' 242402 ') && g.endsWith(`[${o}]`)), `${o}: ${got.join('\n')}`);
      }
      assert.ok(got.some((g) => g.startsWith('overlays/default-ns/kustomization.yaml:4:12 242383')), got.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('in the repository context, a patch file given alone is judged through the overlay that uses it; a ConfigMap resolves in its render', async () => {
    const dir = fixtureCopy('gitops');
    try {
      const r = await runCli(dir, ['-f', 'json', 'overlays/ssh/enable-ssh.yaml'], { env: toolEnv() });
      assert.is(r.code, 1);
      assert.equal(rows(r.stdout, dir), ['overlays/ssh/enable-ssh.yaml:10:18 242393 [overlays/ssh]', 'overlays/ssh/enable-ssh.yaml:10:18 242394 [overlays/ssh]']);
      // The audit policy of the base: a weakened copy beside the renders (same name and namespace) does not take its place.
      const { writeFileSync, readFileSync } = await import('node:fs');
      writeFileSync(`${dir}/stray-policy.yaml`, readFileSync(`${dir}/base/audit-policy.yaml`, 'utf8').replace('level: RequestResponse', 'level: Metadata'));
      const base = await runCli(dir, ['-f', 'json', '--rule', '242403', 'base', 'stray-policy.yaml'], { env: toolEnv() });
      assert.equal(rows(base.stdout, dir).filter((g) => !g.startsWith('stray-policy.yaml')), []);
      // Alone, the same patch file is a whole Shoot with false findings: what the renders avoid.
      const alone = await runCli(dir, ['-f', 'json', '--no-workspace', 'overlays/ssh/enable-ssh.yaml'], { env: toolEnv() });
      assert.ok(rows(alone.stdout, dir).some((g) => g.includes(' 242402 ')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a patch that does not apply: render-error at the kustomization.yaml, exit 2, the other inputs linted', async () => {
    const dir = fixtureCopy('gitops');
    try {
      const { readFileSync, writeFileSync } = await import('node:fs');
      // The patch names a Shoot the base does not have.
      const patch = `${dir}/overlays/ssh/enable-ssh.yaml`;
      writeFileSync(patch, readFileSync(patch, 'utf8').replace('name: hardened', 'name: hardend'));
      const r = await runCli(dir, ['-f', 'json', '.'], { env: toolEnv() });
      assert.is(r.code, 2);
      const got = rows(r.stdout, dir);
      assert.ok(got.includes('overlays/ssh/kustomization.yaml:1:1 render-error []'), got.join('\n'));
      assert.ok(got.some((g) => g.includes('242395 [overlays/dashboard]')), got.join('\n'));
      assert.match(r.stdout, 'hardend');
      assert.not.ok(got.some((g) => g.startsWith('overlays/ssh/enable-ssh.yaml')), got.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no kubectl or kustomize on PATH: exit 2 naming the tools, the other files linted', async () => {
    const dir = fixtureCopy('gitops');
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir}/loose.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n    - name: c\n      image: nginx\n');
      const r = await runCli(dir, ['-f', 'json', '.'], { env: { PATH: '/nonexistent' } });
      assert.is(r.code, 2);
      assert.match(r.stderr, 'cannot render overlays/ssh: neither kubectl nor kustomize is on PATH; install kubectl');
      const got = rows(r.stdout, dir);
      assert.ok(got.some((g) => g.startsWith('loose.yaml:') && g.includes('242417')), got.join('\n'));
      // The patch files are still not linted as whole Shoots.
      assert.not.ok(got.some((g) => g.startsWith('overlays/')), got.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
