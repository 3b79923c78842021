/**
 * The JSON Schema of `.shootlint.yaml`, built from the rule registry (ids,
 * names, option schemas), so configuration checks and editor completion know
 * every rule that exists. Pure: the generator writes it to
 * schemas/shootlint-config.schema.json, the loader validates against it.
 */
import type { AnyRule } from '../engine/rule.ts';
import { STIG_RELEASES } from '../engine/stig.ts';
import { GARDENER_VERSIONS } from '../gardener/versions.ts';
import { collate } from '../engine/collate.ts';

export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/shootlint/shootlint/main/schemas/shootlint-config.schema.json';
export const SEVERITIES = ['off', 'warning', 'error'] as const;
/** How the configuration schema is compiled (precompiled by lib/codegen/config-schema.ts, or at run time for another registry). */
export const CONFIG_VALIDATOR_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

type Schema = Record<string, unknown>;

/** Every spelling resolveGardenerVersion accepts for a known release: v1.149.3, 1.149.3, v1.149, 1.149. */
function gardenerVersionSpellings(): string[] {
  return GARDENER_VERSIONS.flatMap((v) => {
    const minor = v.replace(/\.\d+$/, '');
    return [v, v.slice(1), minor, minor.slice(1)];
  });
}

function optionsSchema(rule: AnyRule): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, o] of Object.entries(rule.meta.options ?? {}).sort(([a], [b]) => collate(a, b))) {
    properties[name] = { description: o.description, ...o.schema, default: o.default };
  }
  return { type: 'object', additionalProperties: false, properties };
}

function ruleSchema(rule: AnyRule): Schema {
  const opts = { $ref: `#/definitions/options-${rule.meta.id}` };
  const description = `${rule.meta.id} ${rule.meta.name}: ${rule.meta.title}`;
  // if/then/else rather than anyOf, so a mistake is reported against the form the user wrote.
  return {
    description,
    type: ['string', 'array', 'object'],
    if: { type: 'string' },
    then: { $ref: '#/definitions/severity' },
    else: {
      if: { type: 'array' },
      then: { type: 'array', minItems: 1, maxItems: 2, items: [{ $ref: '#/definitions/severity' }, opts], additionalItems: false },
      else: {
        type: 'object',
        additionalProperties: false,
        required: ['severity'],
        properties: { severity: { $ref: '#/definitions/severity' }, options: opts },
      },
    },
  };
}

function settingsProperties(): Record<string, Schema> {
  return {
    rules: { $ref: '#/definitions/rules' },
    strict: { type: 'boolean', description: 'Secure defaults must be written down (auditor mode).' },
    stigRelease: { enum: [...STIG_RELEASES], description: 'STIG release to report against.' },
    gardenerVersion: { enum: gardenerVersionSpellings(), description: 'Gardener release whose API and defaults apply.' },
    kubernetesVersion: {
      type: 'string',
      pattern: '^v?1\\.\\d+(\\.\\d+)?$',
      description: 'Kubernetes version workloads are judged against when no single Shoot decides it.',
    },
    unverifiableSeverity: { $ref: '#/definitions/severity', description: 'Lint level of findings that cannot be verified from the manifests.' },
  };
}

/** The configuration schema for a rule registry. Deterministic: rules sorted by id. */
export function configSchema(rules: readonly AnyRule[]): Schema {
  const sorted = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id, 'en', { numeric: true }));
  const ruleProps: Record<string, Schema> = {};
  const definitions: Record<string, Schema> = {
    severity: { enum: [...SEVERITIES], description: 'off, warning or error' },
  };
  for (const r of sorted) {
    definitions[`rule-${r.meta.id}`] = ruleSchema(r);
    definitions[`options-${r.meta.id}`] = optionsSchema(r);
    ruleProps[r.meta.id] = { $ref: `#/definitions/rule-${r.meta.id}` };
    if (r.meta.name !== r.meta.id) ruleProps[r.meta.name] = { $ref: `#/definitions/rule-${r.meta.id}` };
  }
  definitions.rules = {
    type: 'object',
    description: 'Rule id or name → off | warning | error | [severity, {options}] | {severity, options}.',
    additionalProperties: false,
    properties: ruleProps,
  };
  const globs = { type: 'array', items: { type: 'string', minLength: 1 } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'shootlint configuration (.shootlint.yaml, .shootlint.yml, .shootlint.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      ...settingsProperties(),
      ignore: { ...globs, description: 'Globs (relative to this file) of files not to lint.' },
      overrides: {
        type: 'array',
        description: 'Settings for the files matching globs (relative to this file); later entries win.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: { files: { ...globs, minItems: 1 }, ...settingsProperties() },
        },
      },
    },
    definitions,
  };
}
