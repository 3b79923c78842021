import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FixOp } from '../../lib/engine/types.ts';
import { applyEdits, applyFix, fixEdit, suppressionEdit, suppressionSnippet } from '../../lib/fix/apply.ts';
import { unifiedDiff } from '../../lib/fix/diff.ts';

const fix = (text: string, ops: FixOp[], documentIndex = 0, objectPath: (string | number)[] = []): string | undefined =>
  applyFix(text, { documentIndex, objectPath, fixOps: { title: 't', ops, safe: true } });

const BASE = `# head
spec:
  addons:
    kubernetesDashboard:
      enabled: true # on purpose
  kubernetes:
    kubeAPIServer:
      featureGates:
        AllAlpha: true   # why
        Foo: false
    kubelet:
      featureGates:
        AllAlpha: true
  provider:
    workers:
      - name: a   # first
        minimum: 1
# tail
`;

const apply = suite('fix: apply by path');

apply('set replaces only the scalar; the comment after it stays', () => {
  const out = fix(BASE, [{ op: 'set', path: ['spec', 'addons', 'kubernetesDashboard', 'enabled'], value: false }]);
  assert.is(out, BASE.replace('enabled: true # on purpose', 'enabled: false # on purpose'));
});

apply('set of a value already there changes nothing', () => {
  assert.is(fix(BASE, [{ op: 'set', path: ['spec', 'kubernetes', 'kubeAPIServer', 'featureGates', 'Foo'], value: false }]), BASE);
  assert.is(fixEdit(BASE, { fixOps: { title: 't', safe: true, ops: [{ op: 'set', path: ['spec', 'kubernetes', 'kubeAPIServer', 'featureGates', 'Foo'], value: false }] } }), undefined);
});

apply('delete removes the pair\'s line; a map left empty becomes {}', () => {
  const one = fix(BASE, [{ op: 'delete', path: ['spec', 'kubernetes', 'kubeAPIServer', 'featureGates', 'AllAlpha'] }]);
  assert.is(one, BASE.replace('        AllAlpha: true   # why\n', ''));
  const only = fix(BASE, [{ op: 'delete', path: ['spec', 'kubernetes', 'kubelet', 'featureGates', 'AllAlpha'] }]);
  assert.is(only, BASE.replace('      featureGates:\n        AllAlpha: true\n  provider', '      featureGates: {}\n  provider'));
});

apply('delete of an absent path changes nothing', () => {
  assert.is(fix(BASE, [{ op: 'delete', path: ['spec', 'nothing', 'here'] }]), BASE);
});

apply('set of a missing path adds the keys under the deepest existing map, at its indentation', () => {
  const out = fix(BASE, [{ op: 'set', path: ['spec', 'provider', 'workersSettings', 'sshAccess', 'enabled'], value: false }]);
  assert.is(out, BASE.replace('        minimum: 1\n', '        minimum: 1\n    workersSettings:\n      sshAccess:\n        enabled: false\n'));
  const kubelet = fix(BASE, [{ op: 'set', path: ['spec', 'provider', 'workers', 0, 'kubernetes', 'kubelet', 'protectKernelDefaults'], value: true }]);
  assert.is(kubelet, BASE.replace('        minimum: 1\n', '        minimum: 1\n        kubernetes:\n          kubelet:\n            protectKernelDefaults: true\n'));
});

apply('two ops under one new parent make one parent', () => {
  const out = fix(BASE, [
    { op: 'set', path: ['spec', 'sshAccess', 'a'], value: 1 },
    { op: 'set', path: ['spec', 'sshAccess', 'b'], value: 'x y' },
  ]);
  assert.is(out, BASE.replace('# tail\n', '  sshAccess:\n    a: 1\n    b: x y\n# tail\n'));
});

apply('flow mappings: the value in place, new keys before the brace, UTF-16 text before it untouched', () => {
  const text = 'spec:\n  addons:\n    kubernetesDashboard: { note: "😀 für", enabled: true }\n';
  assert.is(fix(text, [{ op: 'set', path: ['spec', 'addons', 'kubernetesDashboard', 'enabled'], value: false }]), text.replace('enabled: true', 'enabled: false'));
  assert.is(fix(text, [{ op: 'set', path: ['spec', 'addons', 'kubernetesDashboard', 'x'], value: 1 }]), text.replace('enabled: true }', 'enabled: true, x: 1 }'));
  assert.is(fix(text, [{ op: 'delete', path: ['spec', 'addons', 'kubernetesDashboard', 'enabled'] }]), text.replace(', enabled: true', ''));
});

apply('JSON stays JSON', () => {
  const text = '{\n  "spec": {\n    "addons": {\n      "kubernetesDashboard": {"enabled": true}\n    }\n  }\n}\n';
  const out = fix(text, [{ op: 'set', path: ['spec', 'sshAccess', 'enabled'], value: false }])!;
  assert.equal(JSON.parse(out), { spec: { addons: { kubernetesDashboard: { enabled: true } }, sshAccess: { enabled: false } } });
  assert.ok(out.startsWith('{\n  "spec": {\n    "addons": {\n      "kubernetesDashboard": {"enabled": true}\n    }'));
});

apply('CRLF files get CRLF lines', () => {
  const text = BASE.replace(/\n/g, '\r\n');
  const out = fix(text, [{ op: 'set', path: ['spec', 'sshAccess', 'enabled'], value: false }])!;
  assert.ok(out.includes('  sshAccess:\r\n    enabled: false\r\n'));
  assert.not.match(out.replace(/\r\n/g, ''), /\n/);
});

apply('the right document and List item', () => {
  const text = 'kind: A\nspec: {}\n---\nkind: List\nitems:\n  - kind: B\n    spec:\n      x: 1\n  - kind: C\n    spec:\n      x: 1\n';
  const out = fix(text, [{ op: 'set', path: ['spec', 'x'], value: 2 }], 1, ['items', 1]);
  assert.is(out, text.replace(/x: 1\n$/, 'x: 2\n'));
});

apply('a list gets an item appended; a collection set onto one writes only the difference', () => {
  const text = 'spec:\n  plugins:\n    - name: A   # keep\n      disabled: false\n';
  const appended = fix(text, [{ op: 'set', path: ['spec', 'plugins'], value: [{ name: 'A', disabled: false }, { name: 'B' }] }]);
  assert.is(appended, `${text}    - name: B\n`);
  const merged = fix(text, [{ op: 'set', path: ['spec', 'plugins', 0], value: { name: 'A', config: { x: 1 } } }]);
  assert.is(merged, 'spec:\n  plugins:\n    - name: A   # keep\n      config:\n        x: 1\n');
});

apply('a path through an alias is not applied (it would change every use)', () => {
  const text = 'base: &b\n  enabled: true\nspec:\n  addons: *b\n';
  assert.is(fix(text, [{ op: 'set', path: ['spec', 'addons', 'enabled'], value: false }]), undefined);
});

apply('suppression comment above the line, at its indentation, with no placeholder reason', () => {
  const e = suppressionEdit(BASE, BASE.indexOf('true # on purpose'), '242395');
  assert.is(applyEdits(BASE, [e]), BASE.replace('      enabled: true', '      # shootlint-disable-next-line 242395 -- \n      enabled: true'));
  const s = suppressionSnippet(BASE, BASE.indexOf('true # on purpose'), '242395');
  assert.is(s.offset, e.offset);
  assert.is(s.snippet, '      # shootlint-disable-next-line 242395 -- $1\n');
});

apply.run();

const diff = suite('fix: unified diff');
diff('hunks with context, line numbers as diff -u prints them', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const after = before.replace('line 3\n', 'line three\n').replace('line 18\n', 'line 18\nline 18b\n');
  assert.is(
    unifiedDiff('a/f', 'b/f', before, after),
    '--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n line 1\n line 2\n-line 3\n+line three\n line 4\n line 5\n line 6\n@@ -16,5 +16,6 @@\n line 16\n line 17\n line 18\n+line 18b\n line 19\n line 20\n',
  );
  assert.is(unifiedDiff('a', 'b', before, before), '');
});
diff.run();
