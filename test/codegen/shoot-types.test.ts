/**
 * The generated Shoot types compile, and so does what the engine and the rules
 * make of them (indexed access types such as NonNullable<Shoot['spec']>['kubernetes']).
 */
import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';
import { REPO_ROOT } from '../../lib/codegen/generated.ts';
import type { Shoot } from '../../lib/gardener/types.generated.ts';

test('lib/gardener/types.generated.ts, lib/engine/shoot.ts and rules/*.ts type-check (tsc)', () => {
  const configPath = resolve(REPO_ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
  const roots = [
    'lib/gardener/types.generated.ts',
    'lib/gardener/schema-validate.ts',
    'lib/engine/shoot/model.ts',
    'rules/index.ts',
  ].map((p) => resolve(REPO_ROOT, p));
  const program = ts.createProgram(roots, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(REPO_ROOT.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  assert.equal(diagnostics, []);
});

test('the Shoot type has the JSON names the engine reads', () => {
  // Compile-time checks: these lines fail tsc when a name or a shape is wrong.
  type Spec = NonNullable<Shoot['spec']>;
  const kubelet: NonNullable<NonNullable<Spec['kubernetes']>['kubelet']> = { protectKernelDefaults: true, streamingConnectionIdleTimeout: '5m' };
  const gates: NonNullable<NonNullable<NonNullable<Spec['kubernetes']>['kubeAPIServer']>['featureGates']> = { SomeGate: true };
  const worker: NonNullable<NonNullable<Spec['provider']>['workers']>[number] = { name: 'p', minimum: 1, maximum: 2, machine: { type: 'm5.large' } };
  assert.ok(kubelet && gates && worker);
});

test.run();
