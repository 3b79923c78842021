import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBaseline, serializeBaseline } from '../../lib/run/baseline.ts';
import { runCli, shoot, tempTree } from './run-cli.ts';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; object?: { name: string } }[];
  suppressedMessages: { ruleId: string; suppressions?: { kind: string }[] }[];
}

test('baseline: adopt, catch a new finding, prune a fixed one, survive moved lines', async () => {
  const root = tempTree({
    'shoots/a.yaml': shoot('a', true),
    'shoots/b.yaml': `${shoot('b', true)}---\n${shoot('b2', false)}`,
  });
  const base = ['--baseline', 'shootlint-baseline.json', '--format', 'json', 'shoots'];

  // Adopt: everything found today goes into the baseline; the run is clean.
  const adopt = await runCli(root, [...base, '--update-baseline']);
  assert.is(adopt.code, 0, adopt.stderr + adopt.stdout);
  assert.match(adopt.stderr, /wrote shootlint-baseline\.json/);
  const written = readFileSync(join(root, 'shootlint-baseline.json'), 'utf8');
  const baseline = parseBaseline(written, 'b');
  assert.is(serializeBaseline(baseline), written, 'deterministic, sorted');
  const dash = baseline.entries.filter((e) => e.ruleId === '242395');
  assert.equal(dash.map((e) => [e.file, e.kind, e.namespace, e.name, e.path, e.count]), [
    ['shoots/a.yaml', 'Shoot', 'garden-dev', 'a', 'spec.addons.kubernetesDashboard.enabled', 1],
    ['shoots/b.yaml', 'Shoot', 'garden-dev', 'b', 'spec.addons.kubernetesDashboard.enabled', 1],
  ]);
  assert.not.ok(written.includes('"line"'), 'keyed by path, not by line');

  const again = await runCli(root, base);
  assert.is(again.code, 0, again.stdout);
  const quiet = JSON.parse(again.stdout) as JsonFile[];
  assert.equal(quiet.flatMap((f) => f.messages), []);
  assert.ok(quiet.flatMap((f) => f.suppressedMessages).every((m) => m.suppressions?.some((s) => s.kind === 'baseline')));

  // A new insecure setting: only that finding is reported.
  const bPath = join(root, 'shoots/b.yaml');
  writeFileSync(bPath, readFileSync(bPath, 'utf8').replace(/enabled: false/, 'enabled: true'));
  const added = await runCli(root, base);
  assert.is(added.code, 1);
  const fresh = (JSON.parse(added.stdout) as JsonFile[]).flatMap((f) => f.messages.map((m) => `${f.filePath.slice(root.length + 1)} ${m.object?.name} ${m.ruleId}`));
  assert.equal(fresh, ['shoots/b.yaml b2 242395']);

  // Lines moved around (comments added, documents reordered): still clean once b2 is fixed again.
  writeFileSync(bPath, `# moved\n\n${shoot('b2', false)}---\n# a comment\n${shoot('b', true)}`);
  writeFileSync(join(root, 'shoots/a.yaml'), `# header\n# more\n${shoot('a', true)}`);
  const moved = await runCli(root, base);
  assert.is(moved.code, 0, moved.stdout);

  // Fix an old finding: the run says the entry is stale, and the next update prunes it.
  writeFileSync(join(root, 'shoots/a.yaml'), shoot('a', false));
  const stale = await runCli(root, base);
  assert.is(stale.code, 0);
  assert.is(stale.stderr, 'shootlint: shootlint-baseline.json records 1 finding that no longer occurs (fixed?); prune it with --update-baseline:\n  shoots/a.yaml: Shoot/garden-dev/a 242395 at spec.addons.kubernetesDashboard.enabled\n');
  // Linting another file only: a's entry is neither stale nor forgotten by an update.
  const other = await runCli(root, ['--baseline', 'shootlint-baseline.json', '--format', 'json', 'shoots/b.yaml']);
  assert.is(other.stderr, '');
  await runCli(root, ['--baseline', 'shootlint-baseline.json', '--update-baseline', 'shoots/b.yaml']);
  const kept = parseBaseline(readFileSync(join(root, 'shootlint-baseline.json'), 'utf8'), 'b').entries.filter((e) => e.ruleId === '242395');
  assert.equal(kept.map((e) => e.name), ['a', 'b']);
  const update = await runCli(root, [...base, '--update-baseline']);
  assert.is(update.code, 0);
  assert.match(update.stderr, /; pruned 1 stale entry\)/);
  const pruned = parseBaseline(readFileSync(join(root, 'shootlint-baseline.json'), 'utf8'), 'b').entries.filter((e) => e.ruleId === '242395');
  assert.equal(pruned.map((e) => e.name), ['b']);
});

test('baseline: counts findings that share a key', async () => {
  const dup = shoot('same', true);
  const root = tempTree({ 'x.yaml': `${dup}---\n${dup}` });
  await runCli(root, ['--baseline', 'bl.json', '--update-baseline', 'x.yaml']);
  const entries = parseBaseline(readFileSync(join(root, 'bl.json'), 'utf8'), 'bl').entries.filter((e) => e.ruleId === '242395');
  assert.equal(entries.map((e) => e.count), [2]);
  // A third copy is one more than recorded.
  writeFileSync(join(root, 'x.yaml'), `${dup}---\n${dup}---\n${dup}`);
  const r = await runCli(root, ['--baseline', 'bl.json', '--format', 'json', 'x.yaml']);
  assert.is(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as JsonFile[])[0]!.messages.filter((m) => m.ruleId === '242395').length, 1);
});

test('baseline: a missing or malformed baseline is a usage error', async () => {
  const root = tempTree({ 'x.yaml': shoot('x', false), 'bad.json': '{"version": 2}' });
  const missing = await runCli(root, ['--baseline', 'nope.json', 'x.yaml']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /baseline nope\.json not found; create it with --update-baseline/);
  const bad = await runCli(root, ['--baseline', 'bad.json', 'x.yaml']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /not a shootlint baseline/);
});

test.run();
