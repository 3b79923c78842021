import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CliRun } from '../cli/run-cli.ts';
import { runCli } from '../cli/run-cli.ts';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lint } from '../../lib/engine/lint.ts';
import type { LintMessage } from '../../lib/engine/types.ts';
import { GARDENER_VERSIONS } from '../../lib/gardener/versions.ts';
import type { GardenerVersion } from '../../lib/gardener/versions.ts';
import { RULES } from '../../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const INPUTS = [join(ROOT, 'examples', 'insecure.yaml'), join(ROOT, 'test', 'fixtures', 'fix', 'shoot.yaml')].filter((p) => existsSync(p));

function run(cwd: string, args: string[]): Promise<CliRun> {
  return runCli(cwd, args);
}

function messagesOf(text: string): LintMessage[] {
  return lint({ files: [{ path: 'f.yaml', text }], config: defaultConfig('2025-06-01'), rules: RULES }).files[0]!.messages;
}

/** The last `n` string segments of every op path of the safe fixes: the keys a fix may touch. */
function touchableKeys(messages: readonly LintMessage[]): Set<string> {
  const keys = new Set<string>();
  for (const m of messages) {
    if (!m.fixOps?.safe) continue;
    for (const op of m.fixOps.ops) for (const s of op.path.slice(-3)) if (typeof s === 'string') keys.add(s);
  }
  return keys;
}

/** Lines removed from and added to `before` (a longest-common-subsequence walk). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) added.push(b[j++]!);
    else removed.push(a[i++]!);
  }
  return { removed, added };
}

const keyOfLine = (line: string): string | undefined => /^\s*(?:-\s+)?"?([\w.-]+)"?\s*:/.exec(line)?.[1];

const fix = suite('cli: --fix and --fix-dry-run');

for (const input of INPUTS) {
  const name = input.slice(ROOT.length + 1);
  fix(`--fix on a copy of ${name}: only findings without a safe fix remain; untouched lines byte-identical`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shootlint-fix-'));
    try {
      const file = join(dir, 'shoot.yaml');
      copyFileSync(input, file);
      const before = readFileSync(file, 'utf8');
      const beforeMessages = messagesOf(before);
      assert.ok(beforeMessages.some((m) => m.fixOps?.safe), 'the input has safe fixes');

      const r = await run(dir, ['--fix', '--no-config', 'shoot.yaml']);
      assert.is(r.stderr, '');
      const after = readFileSync(file, 'utf8');
      assert.is.not(after, before);

      // Re-linted: nothing with a safe fix is left, and nothing new broke.
      const left = messagesOf(after);
      assert.equal(left.filter((m) => m.fixOps?.safe).map((m) => `${m.ruleId}@${m.line}`), []);
      assert.equal(left.filter((m) => m.ruleId === 'parse-error'), []);
      const fixedRules = new Set(beforeMessages.filter((m) => m.fixOps?.safe).map((m) => m.ruleId));
      assert.ok(fixedRules.size >= 3, [...fixedRules].join(','));

      // Only lines of the nodes the fixes name changed; every comment line survived.
      const keys = touchableKeys(beforeMessages);
      for (const m of messagesOf(after)) for (const k of touchableKeys([m])) keys.add(k);
      const { removed, added } = changedLines(before, after);
      for (const line of [...removed, ...added]) {
        const key = keyOfLine(line);
        assert.ok(key !== undefined && keys.has(key), `changed line "${line}" names no fixed key (${[...keys].join(', ')})`);
      }
      for (const line of before.split('\n')) if (/^\s*#/.test(line)) assert.ok(after.includes(`${line}\n`), `comment kept: ${line}`);

      // Idempotent: a second run writes nothing.
      const mtime = statSync(file).mtimeMs;
      await new Promise((res) => setTimeout(res, 20));
      await run(dir, ['--fix', '--no-config', 'shoot.yaml']);
      assert.is(readFileSync(file, 'utf8'), after);
      assert.is(statSync(file).mtimeMs, mtime);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  fix(`--fix-dry-run on ${name} prints a diff that patch applies to what --fix writes, and changes nothing`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shootlint-dry-'));
    try {
      const file = join(dir, 'shoot.yaml');
      copyFileSync(input, file);
      const before = readFileSync(file, 'utf8');
      const mtime = statSync(file).mtimeMs;
      const r = await run(dir, ['--fix-dry-run', '--no-config', 'shoot.yaml']);
      assert.is(r.code, 1);
      assert.match(r.stdout, /^--- a\/shoot\.yaml\n\+\+\+ b\/shoot\.yaml\n@@ /);
      assert.is(readFileSync(file, 'utf8'), before);
      assert.is(statSync(file).mtimeMs, mtime);

      const patched = spawnSync('patch', ['-p1', '-s', '-o', '-', 'shoot.yaml'], { cwd: dir, input: r.stdout, encoding: 'utf8' });
      await run(dir, ['--fix', '--no-config', 'shoot.yaml']);
      if (patched.error) return; // no patch(1) on this machine
      assert.is(patched.status, 0, patched.stderr);
      assert.is(patched.stdout, readFileSync(file, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

fix('--fix-dry-run with nothing to fix prints nothing and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-dry-'));
  try {
    copyFileSync(join(ROOT, 'test', 'fixtures', 'lsp', 'workspace', 'audit-policy.yaml'), join(dir, 'cm.yaml'));
    const r = await run(dir, ['--fix-dry-run', '--no-config', 'cm.yaml']);
    assert.is(r.stdout, '');
    assert.is(r.code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A copy of examples/insecure.yaml in a temporary folder, fixed with `args`; returns the fixed text. */
async function fixedInsecure(args: string[]): Promise<{ text: string; run: CliRun }> {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-fixtype-'));
  try {
    copyFileSync(join(ROOT, 'examples', 'insecure.yaml'), join(dir, 'shoot.yaml'));
    const r = await run(dir, [...args, '--no-config', 'shoot.yaml']);
    return { text: readFileSync(join(dir, 'shoot.yaml'), 'utf8'), run: r };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LOCKOUT = /enableAnonymousAuthentication: false[\s\S]*sshAccess:\n\s+enabled: false/;

fix('--fix applies safe fixes only: anonymous auth and SSH, which can lock people out, are left for review', async () => {
  const { text } = await fixedInsecure(['--fix']);
  assert.match(text, /enabled: false {26}# 242395/); // the dashboard: safe
  assert.match(text, /enableAnonymousAuthentication: true/);
  assert.not.match(text, /sshAccess:/);
  const left = messagesOf(text);
  for (const id of ['242390', '242393', '242394']) {
    const m = left.find((x) => x.ruleId === id);
    assert.ok(m?.fixOps && !m.fixOps.safe, `${id} keeps a review fix`);
  }
});

fix('--fix --fix-type review applies the review fixes only; --fix-all applies both', async () => {
  const review = await fixedInsecure(['--fix', '--fix-type', 'review']);
  assert.match(review.text, /enableAnonymousAuthentication: false/);
  assert.match(review.text, /sshAccess:\n\s+enabled: false/);
  assert.match(review.text, /enabled: true {26}# 242395/); // a safe fix: not asked for
  const all = await fixedInsecure(['--fix-all']);
  assert.match(all.text, LOCKOUT);
  assert.match(all.text, /enabled: false {26}# 242395/);
  const both = await fixedInsecure(['--fix', '--fix-type', 'safe,review']);
  assert.is(both.text, all.text);
});

fix('--fix-type: unknown types and a missing --fix are usage errors', async () => {
  const typo = await fixedInsecure(['--fix', '--fix-type', 'reveiw']);
  assert.is(typo.run.code, 2);
  assert.match(typo.run.stderr, /--fix-type takes safe or review, got "reveiw"; did you mean "review"\?/);
  const alone = await fixedInsecure(['--fix-type', 'review']);
  assert.is(alone.run.code, 2);
  assert.match(alone.run.stderr, /--fix-type needs --fix or --fix-dry-run/);
  assert.is(alone.text, readFileSync(join(ROOT, 'examples', 'insecure.yaml'), 'utf8'));
});

/** Schema issues (not deprecations) of every Shoot in a text, under a Gardener version. */
function schemaIssues(text: string, gardenerVersion: GardenerVersion): string[] {
  const base = defaultConfig('2025-06-01');
  const config = { ...base, settings: { ...base.settings, gardenerVersion } };
  return lint({ files: [{ path: 'f.yaml', text }], config, rules: RULES.filter((r) => r.meta.id === 'schema') })
    .files[0]!.messages.filter((m) => m.severity === 2)
    .map((m) => m.message);
}

fix('245543 on Kubernetes 1.25 with Gardener v1.149.3: no fix writes the removed field; the hint says to upgrade', async () => {
  const { text, run: first } = await fixedInsecure(['--fix-all']);
  assert.is(first.code, 1);
  assert.not.match(text, /^\s*enableStaticTokenKubeconfig/m);
  const m = messagesOf(text).find((x) => x.ruleId === '245543');
  assert.ok(m, 'the finding stays');
  assert.is(m!.fixOps, undefined);
  assert.match(m!.fix ?? '', /^Upgrade spec\.kubernetes\.version to 1\.26 or later.*Not fixed automatically: "Set enableStaticTokenKubeconfig to false" would write what the API of Gardener v1\.149\.3 rejects \(Unknown field "enableStaticTokenKubeconfig"/);
  // A second run has nothing left to write and reports no new schema error.
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-fix2-'));
  try {
    writeFileSync(join(dir, 'shoot.yaml'), text);
    const second = await run(dir, ['--fix-all', '--no-config', 'shoot.yaml']);
    assert.is(readFileSync(join(dir, 'shoot.yaml'), 'utf8'), text);
    assert.is(second.code, 1);
    assert.not.ok(schemaIssues(text, 'v1.149.3').some((i) => /enableStaticTokenKubeconfig/.test(i)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Where the API still has the field, the fix is offered and written.
  const old = await fixedInsecure(['--fix-all', '--gardener-version', 'v1.100.0']);
  assert.match(old.text, /^ {4}enableStaticTokenKubeconfig: false$/m);
});

for (const input of INPUTS) {
  const name = input.slice(ROOT.length + 1);
  for (const version of GARDENER_VERSIONS) {
    fix(`--fix-all on ${name} with Gardener ${version} adds no schema error`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shootlint-fixschema-'));
      try {
        copyFileSync(input, join(dir, 'shoot.yaml'));
        const before = schemaIssues(readFileSync(join(dir, 'shoot.yaml'), 'utf8'), version);
        await run(dir, ['--fix-all', '--no-config', '--gardener-version', version, 'shoot.yaml']);
        const after = schemaIssues(readFileSync(join(dir, 'shoot.yaml'), 'utf8'), version);
        assert.equal(after.filter((i) => !before.includes(i)), []);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}

fix('a Kubernetes version older than the selected Gardener release supports is a schema warning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-old-'));
  try {
    copyFileSync(join(ROOT, 'examples', 'insecure.yaml'), join(dir, 'shoot.yaml'));
    const r = await run(dir, ['--no-config', '--rule', 'schema', '-f', 'json', 'shoot.yaml']);
    const old = (JSON.parse(r.stdout) as { messages: LintMessage[] }[])[0]!.messages.filter((m) => /older than Gardener/.test(m.message));
    assert.equal(old.map((m) => [m.line, m.column, m.severity, m.message]), [
      [18, 14, 1, 'Kubernetes 1.25.16 (Shoot insecure) is older than Gardener v1.149.3 supports (1.30 or later), so Gardener does not create or reconcile it.'],
    ]);
    assert.is((old[0] as LintMessage).fix, 'Upgrade the Kubernetes version to 1.30 or later, or select the Gardener release in use (--gardener-version, gardenerVersion).');
    const v100 = await run(dir, ['--no-config', '--rule', 'schema', '--gardener-version', 'v1.100.0', 'shoot.yaml']);
    assert.not.match(v100.stdout, /older than Gardener/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

fix('--fix beside a document nested millions deep: the Shoot is fixed, the deep document is left byte for byte, nothing composes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shootlint-fix-'));
  try {
    const file = join(dir, 'mixed.yaml');
    const deep = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'['.repeat(9_000_000)}\n`;
    const shoot = readFileSync(join(ROOT, 'test', 'fixtures', 'rules', '242395', 'enabled.yaml'), 'utf8');
    writeFileSync(file, shoot + deep);
    const r = await run(dir, ['--fix', '--no-config', '--rule', '242395', 'mixed.yaml']);
    assert.is(r.code, 1, r.stderr);
    const after = readFileSync(file, 'utf8');
    assert.ok(after.endsWith(deep), 'the deep document is unchanged');
    assert.is.not(after, shoot + deep);
    assert.equal(messagesOf(after.slice(0, after.length - deep.length)).filter((m) => m.ruleId === '242395'), [], 'the dashboard is off');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

fix.run();
