/**
 * `npm run gen:schemas [-- --from path/to/gardener --version v1.x.y]`
 *
 * Reads Gardener's API reference (docs/api-reference/core.md of a Gardener
 * checkout) from the copies in reference/gardener/<version>/ and writes
 *
 * - schemas/shoot-<version>.json: draft-07 JSON Schema of a Shoot and every type
 *   reachable from it, usable by editors (yaml-language-server) and by the linter;
 * - schemas/shoot.json: the same for the default Gardener version;
 * - lib/gardener/types.generated.ts: TypeScript types of a Shoot, the union of
 *   every supported version (a linter reads Shoots of any of them);
 * - lib/gardener/schema-validators.generated.js: precompiled validators (Ajv standalone).
 *
 * `--from` names a Gardener checkout (or its core.md alone): its reference, and its
 * example Shoot and audit-policy ConfigMap when present, are first copied into
 * reference/gardener/<version>/, so a later plain `npm run gen` gives the same output.
 * `--version` may be left out when the checkout's VERSION file names a release.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { DEFAULT_GARDENER_VERSION, GARDENER_VERSIONS } from '../gardener/versions.ts';
import type { GeneratedFile } from './generated.ts';
import { REFERENCE_DIR, REPO_ROOT, banner, stableJson } from './generated.ts';
import type { JsonSchema } from './schemas-k8s.ts';
import { K8S_TYPES } from './schemas-k8s.ts';
import type { ApiField, ApiReference, ApiType, TypeExpr } from './schemas-parse.ts';
import { parseApiReference } from './schemas-parse.ts';
import { generateValidators } from './schemas-standalone.ts';

const GEN = 'lib/codegen/schemas.ts';
export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';

export interface SchemaSource {
  /** Gardener version, e.g. v1.149.3. */
  readonly version: string;
  /** Where the reference came from, for banners (a path relative to the repository). */
  readonly label: string;
  readonly reference: ApiReference;
}

export interface BuildOptions {
  /** Optional properties also accept null (Kubernetes: null means absent). False for the TypeScript types, which describe a Shoot after nulls are dropped. */
  readonly nullable: boolean;
  /** Per field: the versions it exists in, when building the union of several versions. */
  readonly availability?: ReadonlyMap<string, string>;
  /** For json-schema-to-typescript: name referenced types (`tsType`) instead of `$ref`, so a field's description does not fork a copy of the type. */
  readonly namedRefs?: boolean;
}

/** Embedded members (older layout) inlined into their owner, as the JSON has them. */
export function flattenEmbedded(ref: ApiReference): ApiReference {
  const out = new Map<string, ApiType>();
  const flatFields = (fields: readonly ApiField[], seen: readonly string[]): ApiField[] =>
    fields.flatMap((f) => {
      if (!f.embedded) return [f];
      const t = f.type;
      if (t.kind === 'ref' && !seen.includes(t.name)) {
        const inner = ref.types.get(t.name)?.fields ?? [];
        return flatFields(inner, [...seen, t.name]);
      }
      if (t.kind === 'external') {
        const inner = K8S_TYPES[t.name]?.fields;
        if (!inner) throw new Error(`embedded Kubernetes type ${t.name} has no known fields`);
        return inner.map((x) => ({ ...x, optional: x.optional || f.optional }));
      }
      return [];
    });
  for (const [name, t] of ref.types) out.set(name, t.fields ? { ...t, fields: flatFields(t.fields, [name]) } : t);
  return { layout: ref.layout, types: out };
}

/** The Gardener types reachable from the roots, and the Kubernetes types they use, sorted. */
function reachable(ref: ApiReference, roots: readonly string[]): { gardener: string[]; k8s: string[] } {
  const gardener = new Set<string>();
  const k8s = new Set<string>();
  const walk = (t: TypeExpr): void => {
    switch (t.kind) {
      case 'array':
        return walk(t.items);
      case 'map':
        return walk(t.values);
      case 'struct':
        return t.fields.forEach((f) => walk(f.type));
      case 'external': {
        if (k8s.has(t.name)) return;
        const known = K8S_TYPES[t.name];
        if (!known) throw new Error(`no schema for the Kubernetes type ${t.name}; add it to lib/codegen/schemas-k8s.ts`);
        k8s.add(t.name);
        known.fields?.forEach((f) => walk(f.type));
        if (t.name === 'ResourceList') walk({ kind: 'external', name: 'Quantity' });
        return;
      }
      case 'ref': {
        if (gardener.has(t.name)) return;
        const type = ref.types.get(t.name);
        if (!type) throw new Error(`type ${t.name} is referenced but not documented`);
        gardener.add(t.name);
        if (type.alias) walk(type.alias);
        type.fields?.forEach((f) => walk(f.type));
        return;
      }
      default:
        return;
    }
  };
  for (const root of roots) walk({ kind: 'ref', name: root });
  return { gardener: [...gardener].sort(), k8s: [...k8s].sort() };
}

/**
 * Fields the reference lists as required that a valid manifest may leave out,
 * because Gardener's defaulting or an alternative field fills them in.
 */
const DEFAULTED: ReadonlySet<string> = new Set([
  // Defaulted to "CloudProfile".
  'CloudProfileReference.kind',
  // Either cloudProfileName or cloudProfile (the newer field) names the CloudProfile.
  'ShootSpec.cloudProfileName',
]);

class SchemaBuilder {
  /** Definition name of each Kubernetes type (prefixed when a Gardener type has the same name). */
  private readonly k8sNames = new Map<string, string>();
  private readonly contentMemo = new Map<string, boolean>();

  constructor(
    private readonly ref: ApiReference,
    private readonly options: BuildOptions,
  ) {}

  k8sName(name: string): string {
    let n = this.k8sNames.get(name);
    if (!n) {
      n = this.ref.types.has(name) ? `Kubernetes${name}` : name;
      this.k8sNames.set(name, n);
    }
    return n;
  }

  typeSchema(t: TypeExpr): JsonSchema {
    switch (t.kind) {
      case 'scalar':
        return t.name === 'bytes' ? { type: 'string', contentEncoding: 'base64' } : { type: t.name };
      case 'array':
        return { type: 'array', items: this.typeSchema(t.items) };
      case 'map':
        return { type: 'object', additionalProperties: this.typeSchema(t.values) };
      case 'ref':
        return this.options.namedRefs ? { tsType: t.name } : { $ref: `#/definitions/${t.name}` };
      case 'external':
        return this.options.namedRefs ? { tsType: this.k8sName(t.name) } : { $ref: `#/definitions/${this.k8sName(t.name)}` };
      case 'struct':
        return this.objectSchema(t.fields, false, '');
    }
  }

  /** Whether a value of this type must hold something: an object with a required member (its zero value is invalid). */
  private needsContent(t: TypeExpr, seen: readonly string[]): boolean {
    if (t.kind === 'struct') return t.fields.some((f) => this.isRequired(f, '', seen));
    if (t.kind === 'external') {
      const k = K8S_TYPES[t.name];
      return k?.fields ? k.fields.some((f) => this.isRequired(f, t.name, seen)) : true;
    }
    if (t.kind !== 'ref') return true;
    if (seen.includes(t.name)) return false;
    const memo = this.contentMemo.get(t.name);
    if (memo !== undefined) return memo;
    const type = this.ref.types.get(t.name);
    const next = [...seen, t.name];
    const result = type?.alias ? this.needsContent(type.alias, next) : (type?.fields ?? []).some((f) => this.isRequired(f, t.name, next));
    if (seen.length === 0) this.contentMemo.set(t.name, result);
    return result;
  }

  /**
   * Required: not optional in the reference, not filled in by Gardener, and, for
   * an object, not one whose zero value is valid (`kubernetes:` with nothing under it).
   */
  isRequired(f: ApiField, owner: string, seen: readonly string[] = []): boolean {
    if (f.optional || DEFAULTED.has(`${owner}.${f.name}`)) return false;
    // Not optional in Go, but Gardener fills it in: "(default: true)", "If not present, a random value will be computed".
    if (/\(defaults? (to )?[^)]*\)|\bDefaults to\b|\bIf not present\b/.test(f.description)) return false;
    const t = f.type;
    if (t.kind === 'ref' || t.kind === 'external' || t.kind === 'struct') return this.needsContent(t, seen);
    return true;
  }

  propertySchema(f: ApiField, owner: string): JsonSchema {
    const base = this.typeSchema(f.type);
    const required = this.isRequired(f, owner);
    let schema: JsonSchema;
    if (!required && this.options.nullable) {
      if (typeof base.type === 'string' && !base.anyOf) schema = { ...base, type: [base.type, 'null'] };
      else schema = { anyOf: [base, { type: 'null' }] };
    } else schema = base;
    let description = f.description;
    const only = this.options.availability?.get(`${owner}.${f.name}`);
    if (only) description = `${description}${description ? '\n' : ''}Only in Gardener ${only}.`;
    const meta: JsonSchema = {};
    if (description) meta.description = description;
    if (f.deprecated) meta.deprecated = true;
    return { ...meta, ...schema };
  }

  objectSchema(fields: readonly ApiField[], open: boolean, owner: string): JsonSchema {
    const properties: JsonSchema = {};
    const required: string[] = [];
    for (const f of fields) {
      properties[f.name] = this.propertySchema(f, owner);
      if (this.isRequired(f, owner)) required.push(f.name);
    }
    return {
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
      additionalProperties: open,
    };
  }

  definition(name: string): JsonSchema {
    const type = this.ref.types.get(name)!;
    const head: JsonSchema = { title: name, ...(type.description ? { description: type.description } : {}) };
    if (type.alias) return { ...head, ...this.typeSchema(type.alias) };
    const fields = type.fields ?? [];
    if (fields.length === 0) {
      const note = 'The API reference lists no fields for this type, so its members are not checked.';
      return { ...head, description: head.description ? `${String(head.description)}\n${note}` : note, type: 'object', additionalProperties: true };
    }
    return { ...head, ...this.objectSchema(fields, false, name) };
  }

  k8sDefinition(name: string): JsonSchema {
    const k = K8S_TYPES[name]!;
    const head: JsonSchema = { title: this.k8sName(name), description: k.description };
    if (k.schema) {
      const fixed = this.options.namedRefs && name === 'ResourceList' ? { type: 'object', additionalProperties: { tsType: 'Quantity' } } : k.schema;
      return { ...head, ...fixed };
    }
    return { ...head, ...this.objectSchema(k.fields ?? [], k.open ?? false, name) };
  }
}

/** Definitions of the given types and every type reachable from them, sorted by name. */
export function buildDefinitions(reference: ApiReference, roots: readonly string[], options: BuildOptions): JsonSchema {
  const ref = flattenEmbedded(reference);
  const b = new SchemaBuilder(ref, options);
  const { gardener, k8s } = reachable(ref, roots);
  const definitions: JsonSchema = {};
  const names = [...gardener.map((n) => [n, b.definition(n)] as const), ...k8s.map((n) => [b.k8sName(n), b.k8sDefinition(n)] as const)];
  for (const [n, d] of names.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) definitions[n] = d;
  return definitions;
}

/** The JSON Schema of a Shoot for one reference (or the union of several, see mergeReferences). */
export function buildShootSchema(source: SchemaSource, options: BuildOptions): JsonSchema {
  const ref = flattenEmbedded(source.reference);
  const shoot = ref.types.get('Shoot');
  if (!shoot?.fields) throw new Error(`${source.label}: no Shoot type found; is this Gardener's docs/api-reference/core.md?`);
  const definitions = buildDefinitions(ref, ['Shoot'], options);
  delete definitions.Shoot;
  const b = new SchemaBuilder(ref, options);
  const body = b.objectSchema(
    shoot.fields.filter((f) => f.name !== 'apiVersion' && f.name !== 'kind'),
    false,
    'Shoot',
  );
  const properties = {
    apiVersion: { description: 'API version of the Shoot resource.', type: 'string', enum: [SHOOT_API_VERSION] },
    kind: { description: 'Kind of the resource.', type: 'string', enum: ['Shoot'] },
    ...(body.properties as JsonSchema),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Code generated by ${GEN} from ${source.label} (Gardener ${source.version}). DO NOT EDIT.`,
    title: `Gardener Shoot (${SHOOT_API_VERSION}), Gardener ${source.version}`,
    description: shoot.description,
    type: 'object',
    properties,
    required: ['apiVersion', 'kind', ...((body.required as string[] | undefined) ?? [])],
    additionalProperties: false,
    definitions,
  };
}

/**
 * One reference holding every type and field of several (newest first): a field
 * is optional unless every version that has the type requires it; the newest
 * spelling wins. Returns the fields' availability ("v1.100.0") where not in all.
 */
export function mergeReferences(sources: readonly SchemaSource[]): { reference: ApiReference; availability: Map<string, string> } {
  const types = new Map<string, ApiType>();
  const availability = new Map<string, string>();
  const flat = sources.map((s) => ({ version: s.version, ref: flattenEmbedded(s.reference) }));
  const names = new Set(flat.flatMap((s) => [...s.ref.types.keys()]));
  for (const name of [...names].sort()) {
    const having = flat.filter((s) => s.ref.types.has(name));
    const newest = having[0]!.ref.types.get(name)!;
    if (!newest.fields) {
      types.set(name, newest);
      continue;
    }
    const fieldNames: string[] = [];
    for (const s of having) for (const f of s.ref.types.get(name)!.fields ?? []) if (!fieldNames.includes(f.name)) fieldNames.push(f.name);
    const fields = fieldNames.map((fname): ApiField => {
      const versions = having.filter((s) => s.ref.types.get(name)!.fields?.some((f) => f.name === fname));
      const first = versions[0]!.ref.types.get(name)!.fields!.find((f) => f.name === fname)!;
      const optional = versions.length < having.length || versions.some((s) => s.ref.types.get(name)!.fields!.find((f) => f.name === fname)!.optional);
      if (versions.length < having.length) availability.set(`${name}.${fname}`, versions.map((v) => v.version).join(', '));
      return { ...first, optional };
    });
    types.set(name, { ...newest, fields });
  }
  return { reference: { layout: flat[0]!.ref.layout, types }, availability };
}

/** TypeScript types (json-schema-to-typescript) from the union schema, without null. */
export async function shootTypes(sources: readonly SchemaSource[]): Promise<string> {
  const { reference, availability } = mergeReferences(sources);
  const versions = sources.map((s) => s.version).join(', ');
  const schema = buildShootSchema({ version: versions, label: 'the API reference', reference }, { nullable: false, availability, namedRefs: true });
  const { $schema: _s, $comment: _c, ...rest } = schema;
  const root = { ...rest, title: 'Shoot' };
  const ts = await compile(root as Parameters<typeof compile>[0], 'Shoot', {
    bannerComment: '',
    additionalProperties: false,
    format: true,
    unreachableDefinitions: true,
    strictIndexSignatures: false,
    style: { singleQuote: true, printWidth: 140 },
  });
  const head = [
    banner('ts', GEN, `the Gardener API reference (core.md) of Gardener ${versions}`).trimEnd(),
    '// The union of those versions: a field not in every one is optional and says where it exists.',
    "// Null members are absent here: the engine drops them (Kubernetes: null means absent).",
    '/* eslint-disable */',
    '',
  ].join('\n');
  return `${head}${ts}`;
}

function argValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i === -1) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/** The vendored API reference of a Gardener version. */
export function referencePath(version: string): string {
  return join(REFERENCE_DIR, 'gardener', version, 'core.md');
}

function relLabel(path: string): string {
  if (path.startsWith(`${REPO_ROOT}/`)) return path.slice(REPO_ROOT.length + 1);
  return path.split('/').slice(-3).join('/');
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cannot read ${what} ${file}`);
  }
}

/** A version's API reference: the vendored copy, or `text` (read from elsewhere) labelled as that copy would be. */
export function loadSource(version: string, text?: string): SchemaSource {
  const file = referencePath(version);
  return { version, label: relLabel(file), reference: parseApiReference(text ?? readText(file, 'the API reference')) };
}

/** Files of a Gardener checkout that are vendored beside its API reference, by their path in the checkout. */
const CHECKOUT_FILES: Readonly<Record<string, string>> = {
  'docs/api-reference/core.md': 'core.md',
  'example/90-shoot.yaml': '90-shoot.yaml',
  'example/95-configmap-custom-audit-policy.yaml': '95-configmap-custom-audit-policy.yaml',
};

/** `--from`: a Gardener checkout (or one core.md), read into copies for reference/gardener/<version>/. */
function readCheckout(from: string, version: string | undefined): { version: string; copies: GeneratedFile[] } {
  const abs = resolve(from);
  if (!existsSync(abs)) throw new Error(`--from ${from}: no such file or directory`);
  const dir = statSync(abs).isDirectory();
  if (dir && !existsSync(join(abs, 'docs', 'api-reference', 'core.md'))) {
    throw new Error(`--from ${from}: not a Gardener checkout (docs/api-reference/core.md not found)`);
  }
  let v = version;
  if (v === undefined && dir && existsSync(join(abs, 'VERSION'))) {
    const named = readFileSync(join(abs, 'VERSION'), 'utf8').trim();
    if (/^v\d+\.\d+\.\d+$/.test(named)) v = named;
  }
  if (v === undefined) throw new Error('--from needs --version (the Gardener version of that reference, e.g. v1.150.0) unless the checkout\'s VERSION file names a release');
  checkVersion(v);
  const wanted = dir ? Object.entries(CHECKOUT_FILES) : [['', 'core.md'] as const];
  const copies = wanted.flatMap(([inCheckout, name]) => {
    const src = dir ? join(abs, inCheckout) : abs;
    if (!existsSync(src)) return [];
    return [{ path: `reference/gardener/${v}/${name}`, content: readText(src, 'the Gardener file') }];
  });
  return { version: v, copies };
}

function checkVersion(v: string): void {
  if (!/^v\d+\.\d+\.\d+$/.test(v)) throw new Error(`--version ${v}: expected v<major>.<minor>.<patch>`);
}

/** The generator: every supported version from the vendored copies; `--from DIR [--version V]` refreshes (or adds) one, `--version V` alone writes the schema of a vendored version not supported yet. */
export async function generateSchemas(argv: readonly string[]): Promise<GeneratedFile[]> {
  const from = argValue(argv, '--from');
  const asked = argValue(argv, '--version');
  if (asked !== undefined) checkVersion(asked);
  const checkout = from !== undefined ? readCheckout(from, asked) : undefined;
  // --version alone: that version's vendored copy (for one that lib/gardener/versions.ts does not list yet).
  const only = checkout?.version ?? asked;
  const fresh = checkout?.copies.find((c) => c.path.endsWith('/core.md'))?.content;
  const files: GeneratedFile[] = [...(checkout?.copies ?? [])];
  const known = GARDENER_VERSIONS as readonly string[];
  if (only !== undefined && !known.includes(only)) {
    // A version the linter does not know yet: its copies and its schema (add it to lib/gardener/versions.ts to select it).
    const schema = buildShootSchema(loadSource(only, fresh), { nullable: true });
    return [...files, { path: `schemas/shoot-${only}.json`, content: stableJson(schema) }];
  }
  const sources = known.map((v) => loadSource(v, v === only ? fresh : undefined));
  const schemas = new Map<string, JsonSchema>();
  for (const s of sources) {
    const schema = buildShootSchema(s, { nullable: true });
    schemas.set(s.version, schema);
    files.push({ path: `schemas/shoot-${s.version}.json`, content: stableJson(schema) });
  }
  files.push({ path: 'schemas/shoot.json', content: stableJson(schemas.get(DEFAULT_GARDENER_VERSION)) });
  files.push({ path: 'lib/gardener/types.generated.ts', content: await shootTypes(sources) });
  files.push(...generateValidators(schemas, GEN));
  return files;
}
