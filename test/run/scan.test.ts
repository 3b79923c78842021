/**
 * The header scan reads what the engine's parse reads, or declines: for every
 * manifest of the fixtures and examples, a scan that answers gives the same
 * objects (identity and references) as the parse; what the scan does not
 * model (anchors on a recorded path, Lists, JSON, flow mappings) is declined.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../../lib/engine/document.ts';
import { headerOf, scanText } from '../../lib/run/scan.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

function manifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) manifests(abs, out);
    else if (/\.(ya?ml|json)$/.test(name)) out.push(abs);
  }
  return out;
}

const parsedHeaders = (path: string, text: string): unknown[] =>
  parseFile({ path, text }).objects.map((o) => headerOf(o.value, o.apiVersion, o.kind, o.name, o.namespace));

test('on every fixture and example, the scan agrees with the parse or declines', () => {
  const files = [...manifests(join(ROOT, 'test', 'fixtures')), ...manifests(join(ROOT, 'examples'))];
  let scanned = 0;
  let linked = 0;
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const headers = scanText(text);
    if (!headers) continue;
    scanned++;
    linked += headers.filter((h) => h.links?.length).length;
    assert.equal(headers, parsedHeaders(path, text), path);
  }
  assert.ok(scanned > files.length / 2, `the scan read ${scanned} of ${files.length} files`);
  assert.ok(linked > 10, `${linked} objects with references`);
});

test('the scan reads names, namespaces and references; block scalars are skipped', () => {
  const text = `# a Shoot
apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: "prod"   # quoted
  namespace: 'garden-dev'
  annotations:
    note: |
      kind: NotAnObject
      name: nope
spec:
  cloudProfile:
    kind: NamespacedCloudProfile
    name: custom
  kubernetes:
    kubeAPIServer:
      structuredAuthentication:
        configMapName: authn
      auditConfig:
        auditPolicy:
          configMapRef:
            name: audit-policy
  provider:
    workers:
    - name: a
      kubernetes:
        kubeAPIServer: {}
---
apiVersion: core.gardener.cloud/v1beta1
kind: NamespacedCloudProfile
metadata:
  name: custom
  namespace: garden-dev
spec:
  parent:
    kind: CloudProfile
    name: aws
`;
  const headers = scanText(text);
  assert.equal(headers, [
    {
      apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', name: 'prod', namespace: 'garden-dev',
      links: [
        { kind: 'ConfigMap', name: 'audit-policy', namespaced: true },
        { kind: 'ConfigMap', name: 'authn', namespaced: true },
        { kind: 'NamespacedCloudProfile', name: 'custom', namespaced: true },
      ],
    },
    { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'NamespacedCloudProfile', name: 'custom', namespace: 'garden-dev', links: [{ kind: 'CloudProfile', name: 'aws', namespaced: false }] },
  ]);
  assert.equal(headers, parsedHeaders('x.yaml', text));
});

test('what the scan does not model is left to the parse', () => {
  const declined = {
    json: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}',
    list: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n',
    flowMetadata: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    alias: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *n\n',
    mergeKey: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: *base\n',
    numberName: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 123\n',
    tab: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n',
    openQuote: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: "a\n  name: b"\n',
  };
  for (const [what, text] of Object.entries(declined)) assert.is(scanText(text), undefined, what);
});

test.run();
