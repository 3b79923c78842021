/**
 * Precompiled Shoot validators (Ajv standalone code), so the linter never
 * compiles a schema at run time (compiling one takes longer than a whole cold
 * start). Each version's code is a chunk of its own, required when a run
 * first needs that version: a start loads none of them, a run the one it
 * selects.
 *
 * The validators check a Shoot whose null members were dropped (Kubernetes:
 * null means absent) against the schema without its null alternatives, which
 * accepts the same manifests as the editor schema and makes far less code.
 */
import { Ajv } from 'ajv';
import standaloneImport from 'ajv/dist/standalone/index.js';
import type { GeneratedFile } from './generated.ts';
import { banner } from './generated.ts';
import type { JsonSchema } from './schemas-k8s.ts';

type StandaloneCode = (ajv: Ajv, refsOrFunc: unknown) => string;
/** Ajv's standalone code generator (its module's default export, however the loader presents it). */
export const standaloneCode: StandaloneCode =
  (standaloneImport as unknown as { default?: StandaloneCode }).default ?? (standaloneImport as unknown as StandaloneCode);

/** Keywords that only document; the compiled validator does not need them. */
const DOC_KEYWORDS = new Set(['$schema', '$comment', 'title', 'description', 'deprecated']);

/** Maps whose keys are names (properties, definitions) keep every key. */
function strip(schema: unknown, keep: (k: string) => boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strip(s, keep));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!keep(k)) continue;
    if (k === 'properties' || k === 'definitions') {
      const named: JsonSchema = {};
      for (const [n, s] of Object.entries(v as JsonSchema)) named[n] = strip(s, keep);
      out[k] = named;
    } else out[k] = strip(v, keep);
  }
  return out;
}

/** Removes the `null` alternatives added for optional properties. */
function withoutNull(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNull);
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as JsonSchema;
  const anyOf = s.anyOf as JsonSchema[] | undefined;
  if (anyOf && anyOf.length === 2 && anyOf[1]!.type === 'null' && Object.keys(anyOf[1]!).length === 1) {
    const { anyOf: _a, ...rest } = s;
    return withoutNull({ ...rest, ...anyOf[0] });
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'type' && Array.isArray(v) && v.length === 2 && v[1] === 'null') out[k] = v[0];
    else if (k === 'properties' || k === 'definitions') {
      const named: JsonSchema = {};
      for (const [n, x] of Object.entries(v as JsonSchema)) named[n] = withoutNull(x);
      out[k] = named;
    } else out[k] = withoutNull(v);
  }
  return out;
}

/** What the validator module needs besides Ajv's code: the property tree, for "did you mean" and deprecations. */
const SHAPE_KEYWORDS = new Set(['properties', '$ref', 'items', 'additionalProperties', 'anyOf', 'deprecated', 'definitions']);

export function validationSchema(schema: JsonSchema): JsonSchema {
  return strip(withoutNull(schema), (k) => !DOC_KEYWORDS.has(k)) as JsonSchema;
}

/** `deprecated: true` becomes the reference's "Deprecated: ..." sentence, for the message. */
function deprecationNotes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deprecationNotes);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = deprecationNotes(v);
  if (out.deprecated === true) {
    const note = /Deprecated:[^\n]*/.exec(String(out.description ?? ''))?.[0];
    if (note) out.deprecated = note;
  }
  return out;
}

export function shapeOf(schema: JsonSchema): JsonSchema {
  return strip(withoutNull(deprecationNotes(schema)), (k) => SHAPE_KEYWORDS.has(k)) as JsonSchema;
}

/** The folder (under lib/gardener/, and under dist/ in the bundle) of the per-version validator chunks. */
export const VALIDATOR_DIR = 'schema-validators';

/** A version's chunk file name, e.g. v1.149.3.generated.cjs. */
export const validatorFile = (version: string): string => `${version}.generated.cjs`;

/**
 * One CommonJS chunk per version (loaded with require() when a run first
 * needs that version, so a start compiles none of them), and a small index
 * module naming the versions and their chunks.
 */
export function generateValidators(schemas: ReadonlyMap<string, JsonSchema>, gen: string): GeneratedFile[] {
  const versions = [...schemas.keys()];
  const files: GeneratedFile[] = [];
  for (const version of versions) {
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      messages: false,
      inlineRefs: false,
      code: { source: true, esm: true, lines: false, optimize: true },
    });
    const validate = ajv.compile(validationSchema(schemas.get(version)!));
    const code = standaloneCode(ajv, validate).replace(/^"use strict";/, '');
    const main = /export const validate = (\w+);export default \w+;/.exec(code);
    if (!main) throw new Error('unexpected Ajv standalone output');
    const body = code.replace(main[0], '');
    if (/\brequire\(|\bimport\b/.test(body)) throw new Error('Ajv standalone code needs a runtime module; keep the schemas to keywords that do not');
    const lines = [
      banner('ts', gen, `the Shoot schema of Gardener ${version} (Ajv standalone code)`).trimEnd(),
      '/* eslint-disable */',
      "'use strict';",
      '/** A factory of the Ajv validator, and the property tree (JSON text). */',
      `exports.validator = function validator() {${body};return ${main[1]};};`,
      `exports.shape = ${JSON.stringify(JSON.stringify(shapeOf(schemas.get(version)!)))};`,
      '',
    ];
    files.push({ path: `lib/gardener/${VALIDATOR_DIR}/${validatorFile(version)}`, content: lines.join('\n') });
  }
  const index = [
    banner('ts', gen, `the Shoot schemas of Gardener ${versions.join(', ')}`).trimEnd(),
    '',
    `/** Per Gardener version: its validator chunk, relative to this module (and to the bundle in dist/). */`,
    'export const VALIDATOR_FILES = {',
    ...versions.map((v) => `  ${JSON.stringify(v)}: ${JSON.stringify(`./${VALIDATOR_DIR}/${validatorFile(v)}`)},`),
    '};',
    '',
  ].join('\n');
  const dts = [
    banner('ts', gen, 'the Shoot schemas').trimEnd(),
    '',
    'export declare const VALIDATOR_FILES: Readonly<Record<string, string>>;',
    '',
  ].join('\n');
  return [
    ...files,
    { path: 'lib/gardener/schema-validators.generated.js', content: index },
    { path: 'lib/gardener/schema-validators.generated.d.ts', content: dts },
  ];
}
