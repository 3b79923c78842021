import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { REFERENCE_DIR } from '../../lib/codegen/generated.ts';
import { nearest } from '../../lib/config/did-you-mean.ts';
import { validateShoot } from '../../lib/gardener/schema-validate.ts';

const EXAMPLE = readFileSync(resolve(REFERENCE_DIR, 'gardener', 'v1.149.3', '90-shoot.yaml'), 'utf8');

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the example holds ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

test("Gardener's own example (v1.149.3 90-shoot.yaml) is valid", () => {
  assert.equal(validateShoot(parse(EXAMPLE), 'v1.149.3'), []);
});

test('the example with a misspelled key, a boolean as a string and a removed field: exactly those three errors', () => {
  let text = edit(EXAMPLE, '\n  purpose: evaluation', '\n  purpse: evaluation');
  text = edit(text, '      machineImageVersion: true', '      machineImageVersion: "true"');
  text = edit(text, '\n  kubernetes:\n', '\n  kubernetes:\n    enableStaticTokenKubeconfig: false\n');
  const issues = validateShoot(parse(text), 'v1.149.3');
  assert.equal(
    issues.map((i) => [i.kind, i.path.join('.'), i.suggestion]),
    [
      ['unknown-field', 'spec.kubernetes.enableStaticTokenKubeconfig', undefined],
      ['type', 'spec.maintenance.autoUpdate.machineImageVersion', undefined],
      ['unknown-field', 'spec.purpse', 'purpose'],
    ],
  );
  assert.match(issues[0]!.message, /the API of Gardener v1\.100\.0 has it/);
  assert.match(issues[1]!.message, /must be a boolean \(true or false\), not the string "true"/);
  // enableStaticTokenKubeconfig is still in the API of v1.100.0
  const old = validateShoot(parse(text), 'v1.100.0').map((i) => i.path.join('.'));
  assert.not.ok(old.includes('spec.kubernetes.enableStaticTokenKubeconfig'));
});

const shoot = (spec: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Shoot',
  metadata: { name: 'a', namespace: 'garden-a' },
  spec: { region: 'r', provider: { type: 'aws' }, ...spec },
});

test('null means absent: optional null is fine, required null is missing', () => {
  assert.equal(validateShoot(shoot({ kubernetes: null, purpose: null, addons: null }), 'v1.149.3'), []);
  const issues = validateShoot(shoot({ region: null }), 'v1.149.3');
  assert.equal(issues.map((i) => [i.kind, i.path]), [['required', ['spec', 'region']]]);
});

test('unknown field: path ends with the key, suggestion by edit distance', () => {
  const issues = validateShoot(shoot({ kubernetes: { kubeAPIServer: { enableAnonymousAuthentification: false } } }), 'v1.149.3');
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.path, ['spec', 'kubernetes', 'kubeAPIServer', 'enableAnonymousAuthentification']);
  assert.is(issues[0]!.suggestion, 'enableAnonymousAuthentication');
  assert.is(
    issues[0]!.message,
    'Unknown field "enableAnonymousAuthentification" in spec.kubernetes.kubeAPIServer; did you mean "enableAnonymousAuthentication"? Gardener ignores unknown fields, so this setting has no effect.',
  );
  assert.is(nearest('zzzzzz', ['region', 'provider']), undefined);
  assert.is(nearest('Region', ['region', 'provider']), 'region');
});

test('deprecated fields are reported as such; apiVersion and kind are constrained', () => {
  const issues = validateShoot({ ...shoot({ cloudProfileName: 'aws' }), apiVersion: 'core.gardener.cloud/v1alpha1' }, 'v1.149.3');
  assert.equal(issues.map((i) => [i.kind, i.path.join('.')]), [
    ['enum', 'apiVersion'],
    ['deprecated', 'spec.cloudProfileName'],
  ]);
  assert.match(issues[1]!.message, /spec\.cloudProfileName is deprecated: /);
});

test('Duration and Quantity values', () => {
  const issues = validateShoot(
    shoot({
      kubernetes: { kubelet: { streamingConnectionIdleTimeout: '5 minutes', kubeReserved: { cpu: '100m', memory: 'lots' } } },
      provider: { type: 'aws', workers: [{ name: 'p', minimum: 1, maximum: 2, machine: { type: 'm' }, volume: { size: '20Gi' } }] },
    }),
    'v1.149.3',
  );
  assert.equal(issues.map((i) => [i.kind, i.path.join('.')]), [
    ['format', 'spec.kubernetes.kubelet.kubeReserved.memory'],
    ['format', 'spec.kubernetes.kubelet.streamingConnectionIdleTimeout'],
  ]);
});

test.run();
