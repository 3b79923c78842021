/** Parity between rules, their metadata, the STIG data, fixtures and docs. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stigRule } from '../lib/engine/stig.ts';
import { RULES } from '../rules/index.ts';

const ROOT = resolve(import.meta.dirname, '..');

test('ids and names are unique; names are kebab-case; files are named by id', () => {
  const ids = RULES.map((r) => r.meta.id);
  const names = RULES.map((r) => r.meta.name);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(new Set(names).size, names.length);
  for (const r of RULES) {
    assert.ok(r.meta.name === r.meta.id || !ids.includes(r.meta.name), `${r.meta.name} is no other rule's id`);
    assert.match(r.meta.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, r.meta.name);
    assert.ok(existsSync(join(ROOT, 'rules', `${r.meta.id}.ts`)), `rules/${r.meta.id}.ts`);
  }
});

test('every rule has complete metadata and known STIG ids', () => {
  for (const r of RULES) {
    const m = r.meta;
    for (const field of ['title', 'rationale', 'fix'] as const) assert.ok(m[field].trim().length > 10, `${m.id}: ${field}`);
    for (const id of m.stigIds) assert.ok(stigRule(id), `${m.id}: STIG id ${id} is in the STIG data`);
    if (/^\d+$/.test(m.id)) assert.equal(m.stigIds, [m.id], `${m.id}: a STIG rule decides its own id`);
    assert.ok(m.stigIds.length > 0 || m.defaultSeverity !== 'error' || m.id === 'schema', `${m.id}: checks beyond the STIG are not errors by default`);
  }
});

test('option defaults validate against their own schemas', () => {
  const ajv = new Ajv({ strict: false });
  for (const r of RULES) {
    for (const [name, o] of Object.entries(r.meta.options ?? {})) {
      const ok = ajv.validate(o.schema, o.default);
      assert.ok(ok, `${r.meta.id}.${name}: ${ajv.errorsText()}`);
    }
  }
});

test('every rule has fixtures, with a failing and a passing case', () => {
  const dir = join(ROOT, 'test', 'fixtures', 'rules');
  for (const r of RULES) {
    const folder = join(dir, r.meta.id);
    assert.ok(existsSync(folder), `test/fixtures/rules/${r.meta.id}/ exists`);
    assert.ok(readdirSync(folder).length >= 2, `${r.meta.id} has at least two fixture cases`);
  }
});

test('every rule has its generated doc page', () => {
  for (const r of RULES) assert.ok(existsSync(join(ROOT, 'rules', `${r.meta.id}.md`)), `rules/${r.meta.id}.md`);
});

test.run();
