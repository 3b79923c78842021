import { rmSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli/run-cli.ts';
import { fixtureCopy, MISSING, toolEnv, toolsPresent } from './tools.ts';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; message: string; object?: { overlay?: string } }[];
}

const rows = (stdout: string, dir: string): string[] =>
  (JSON.parse(stdout) as JsonFile[]).flatMap((f) => f.messages.map((m) => `${f.filePath.replace(`${dir}/`, '')}:${m.line}:${m.column} ${m.ruleId} [${m.object?.overlay ?? ''}]`)).sort();

async function inChart(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fixtureCopy('chart');
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!toolsPresent && !process.env.CI) {
  console.warn(`helm render tests skipped: ${MISSING}`);
  test.skip('helm renders');
} else {
  test('a chart with its values.yaml is clean; its templates are not linted as YAML', () =>
    inChart(async (dir) => {
      assert.ok(toolsPresent, `${MISSING}; .ci/run fetches them`);
      const r = await runCli(dir, ['shoot'], { env: toolEnv() });
      assert.is(r.stderr, '');
      assert.is(r.stdout, '');
      assert.is(r.code, 0);
    }));

  test('a values file enabling the dashboard: 242395 at the template line, tagged with the chart', () =>
    inChart(async (dir) => {
      const r = await runCli(dir, ['-f', 'json', '--helm-values', 'values-dashboard.yaml', '.'], { env: toolEnv() });
      assert.is(r.code, 1);
      assert.equal(rows(r.stdout, dir), ['shoot/templates/shoot.yaml:16:3 schema [shoot]', 'shoot/templates/shoot.yaml:18:16 242395 [shoot]']);
    }));

  test('--helm-set is passed through', () =>
    inChart(async (dir) => {
      const r = await runCli(dir, ['-f', 'json', '--rule', '242395', '--rule', '242393', '--helm-set', 'dashboard=true', 'shoot'], { env: toolEnv() });
      assert.equal(rows(r.stdout, dir), ['shoot/templates/shoot.yaml:18:16 242395 [shoot]']);
    }));

  test('a template that fails to render: render-error at Chart.yaml with helm\'s message, exit 2, other files linted', () =>
    inChart(async (dir) => {
      writeFileSync(`${dir}/shoot/templates/required.yaml`, '{{ required "values.owner is required" .Values.owner }}\n');
      writeFileSync(`${dir}/pod.yaml`, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: default\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n');
      const r = await runCli(dir, ['-f', 'json', '.'], { env: toolEnv() });
      assert.is(r.code, 2);
      const got = rows(r.stdout, dir);
      assert.ok(got.includes('shoot/Chart.yaml:1:1 render-error []'), got.join('\n'));
      assert.ok(got.some((g) => g.startsWith('pod.yaml:') && g.includes('242417')), got.join('\n'));
      assert.match(r.stdout, 'values.owner is required');
      assert.not.ok(got.some((g) => g.includes('templates/')), got.join('\n'));
    }));

  test('no helm on PATH: exit 2 and a message naming helm; a loose template outside the chart gets only template', () =>
    inChart(async (dir) => {
      writeFileSync(`${dir}/loose-shoot.yaml`, 'apiVersion: core.gardener.cloud/v1beta1\nkind: Shoot\nmetadata:\n  name: {{ .Values.name }}\n  namespace: garden-dev\nspec:\n  addons:\n    kubernetesDashboard:\n      enabled: true\n');
      const r = await runCli(dir, ['-f', 'json', '.'], { env: { PATH: '/nonexistent' } });
      assert.is(r.code, 2);
      assert.match(r.stderr, 'cannot render chart shoot: helm is not on PATH; install helm');
      assert.equal(rows(r.stdout, dir), ['loose-shoot.yaml:4:9 template []']);
    }));
}

test.run();
