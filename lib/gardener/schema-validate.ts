/**
 * Validates a Shoot against the generated schema of a Gardener version.
 *
 * The validators are precompiled (Ajv standalone code), one CommonJS chunk per
 * version (schema-validators/, copied beside the bundle in dist/), required
 * on first use of that version: loading this module costs next to nothing,
 * and a run compiles only the versions it validates against. A Shoot is checked with its null members dropped
 * (Kubernetes: null means absent), so `kubernetes:` with nothing under it is
 * fine and a required field set to null is missing. `status` is never
 * validated: the server writes it (spec section 7).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { VALIDATOR_FILES } from './schema-validators.generated.js';
import { hasOwn, isRecord } from '../engine/record.ts';
import { setKey } from '../engine/value.ts';
import { nearest } from '../config/did-you-mean.ts';
import type { GardenerVersion } from './versions.ts';

export type SchemaIssueKind = 'unknown-field' | 'type' | 'required' | 'enum' | 'deprecated' | 'format';

export interface SchemaIssue {
  /** From the object root: ['spec', 'kubernetes', 'kubeAPIServer', 'enableAnonymousAuthentification']. */
  readonly path: (string | number)[];
  readonly kind: SchemaIssueKind;
  readonly message: string;
  /** For unknown fields: the nearest allowed key ("did you mean"). */
  readonly suggestion?: string;
}

/** The property tree of a schema (what schema-validators.generated.js keeps of it). */
interface Shape {
  properties?: Record<string, Shape>;
  $ref?: string;
  items?: Shape;
  additionalProperties?: Shape | boolean;
  anyOf?: Shape[];
  /** true, or the reference's "Deprecated: ..." sentence. */
  deprecated?: boolean | string;
  definitions?: Record<string, Shape>;
}

interface Compiled {
  readonly validate: ValidateFunction;
  readonly root: Shape;
}

/** What a version's chunk exports. */
interface Chunk {
  validator(): ValidateFunction;
  /** The property tree, JSON text. */
  readonly shape: string;
}

const requireChunk = createRequire(import.meta.url);
const chunks = new Map<string, Chunk>();
const compiled = new Map<string, Compiled>();
const shapes = new Map<string, Shape>();

/** The chunk of a version (required once), undefined for a version without a schema. */
function chunkOf(version: string): Chunk | undefined {
  let c = chunks.get(version);
  const file = hasOwn(VALIDATOR_FILES, version) ? VALIDATOR_FILES[version] : undefined;
  if (!c && file !== undefined) {
    c = requireChunk(file) as Chunk;
    chunks.set(version, c);
  }
  return c;
}

function shapeOf(version: string): Shape | undefined {
  let s = shapes.get(version);
  const chunk = s ? undefined : chunkOf(version);
  if (chunk) {
    s = JSON.parse(chunk.shape) as Shape;
    shapes.set(version, s);
  }
  return s;
}

/** Other Gardener versions whose API has this field (a field removed or not yet added). */
function versionsWith(path: readonly (string | number)[], except: string): string[] {
  const key = path.at(-1);
  if (typeof key !== 'string') return [];
  return Object.keys(VALIDATOR_FILES).filter((v) => {
    if (v === except) return false;
    const root = shapeOf(v);
    const parent = root && shapeAt(root, path.slice(0, -1));
    return parent?.properties !== undefined && hasOwn(parent.properties, key);
  });
}

function load(version: GardenerVersion): Compiled {
  let c = compiled.get(version);
  if (!c) {
    const chunk = chunkOf(version);
    if (!chunk) throw new Error(`no schema for Gardener ${version}`);
    c = { validate: chunk.validator(), root: shapeOf(version)! };
    compiled.set(version, c);
  }
  return c;
}

/** Whether an object below `value` has a null member. */
function hasNullMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullMember);
  if (!isRecord(value)) return false;
  for (const k in value) {
    const v = value[k];
    if (v === null || (typeof v === 'object' && hasNullMember(v))) return true;
  }
  return false;
}

/** Drops null members of objects (not array items: a null item is an error); the value itself when it has none. */
function withoutNullMembers(value: unknown): unknown {
  return hasNullMember(value) ? copyWithoutNullMembers(value) : value;
}

function copyWithoutNullMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyWithoutNullMembers);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) setKey(out, k, copyWithoutNullMembers(v));
    return out;
  }
  return value;
}

function resolve(shape: Shape | undefined, root: Shape): Shape | undefined {
  let s = shape;
  for (let i = 0; s?.$ref && i < 10; i++) s = root.definitions?.[s.$ref.slice('#/definitions/'.length)];
  return s;
}

/**
 * False when the schema of `version` certainly has no place for a value at
 * `path` (a key that a closed object does not list); true where it has one or
 * says nothing (free-form maps and raw extensions). A quick test, no validation.
 */
export function schemaHasPath(path: readonly (string | number)[], version: GardenerVersion): boolean {
  const root = shapeOf(version);
  let s: Shape | undefined = root;
  if (!root) return true;
  for (const key of path) {
    s = resolve(s, root);
    if (!s || s.anyOf) return true;
    if (typeof key === 'number') s = s.items;
    else if (s.properties && hasOwn(s.properties, key)) s = s.properties[key];
    else if (typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else return !s.properties;
  }
  return true;
}

/** The shape of the value at `path`, or undefined where the schema says nothing. */
function shapeAt(root: Shape, path: readonly (string | number)[]): Shape | undefined {
  let s: Shape | undefined = root;
  for (const key of path) {
    s = resolve(s, root);
    if (!s) return undefined;
    if (typeof key === 'number') s = s.items;
    else if (s.properties && hasOwn(s.properties, key)) s = s.properties[key];
    else s = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  }
  return resolve(s, root);
}

/** spec.provider.workers[0].name */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || 'the top level';
}

function pointerToPath(pointer: string, value: unknown): (string | number)[] {
  if (!pointer) return [];
  const path: (string | number)[] = [];
  let v: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) {
      const i = Number(key);
      path.push(i);
      v = v[i];
    } else {
      path.push(key);
      v = isRecord(v) ? v[key] : undefined;
    }
  }
  return path;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const p of path) v = Array.isArray(v) || isRecord(v) ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  integer: 'an integer',
  number: 'a number',
  object: 'a mapping',
  array: 'a list',
};

/** Duration and Quantity patterns name what they want. */
function formatWanted(pattern: string): string {
  if (pattern.includes('(ns|us|')) return 'a duration such as "30s", "5m" or "1h30m"';
  if (pattern.includes('[KMGTPE]i')) return 'a quantity such as 100m, 1Gi or 2';
  return `a string matching ${pattern}`;
}

function issuesFrom(errors: readonly ErrorObject[], value: unknown, root: Shape, version: string): SchemaIssue[] {
  // Errors inside an anyOf (Quantity, IntOrString): one issue per place.
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const list = byPlace.get(e.instancePath) ?? [];
    list.push(e);
    byPlace.set(e.instancePath, list);
  }
  const issues: SchemaIssue[] = [];
  for (const [pointer, errs] of byPlace) {
    const at = pointerToPath(pointer, value);
    const where = formatPath(at);
    const actual = valueAt(value, at);
    const types = errs.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: string }).type));
    const pattern = errs.find((e) => e.keyword === 'pattern');
    if (pattern) {
      const wanted = formatWanted(String((pattern.params as { pattern: string }).pattern));
      issues.push({ path: at, kind: 'format', message: `${where} must be ${wanted}, not ${describe(actual)}.` });
    } else if (types.length) {
      const wanted = [...new Set(types)].map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      issues.push({ path: at, kind: 'type', message: `${where} must be ${wanted}, not ${describe(actual)}.` });
    }
    for (const e of errs) {
      if (e.keyword === 'additionalProperties') {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const parent = shapeAt(root, at);
        const suggestion = nearest(key, Object.keys(parent?.properties ?? {}));
        const place = at.length ? `in ${where}` : 'at the top level';
        const elsewhere = suggestion ? [] : versionsWith([...at, key], version);
        const hint = suggestion
          ? `; did you mean ${JSON.stringify(suggestion)}?`
          : elsewhere.length
            ? ` of Gardener ${version} (the API of Gardener ${elsewhere.join(' and ')} has it).`
            : '.';
        issues.push({
          path: [...at, key],
          kind: 'unknown-field',
          message: `Unknown field ${JSON.stringify(key)} ${place}${hint} Gardener ignores unknown fields, so this setting has no effect.`,
          ...(suggestion ? { suggestion } : {}),
        });
      } else if (e.keyword === 'required') {
        const key = String((e.params as { missingProperty: string }).missingProperty);
        issues.push({ path: [...at, key], kind: 'required', message: `${formatPath([...at, key])} is required.` });
      } else if (e.keyword === 'enum') {
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
        issues.push({ path: at, kind: 'enum', message: `${where} must be ${allowed}, not ${describe(actual)}.` });
      } else if (!['type', 'pattern'].includes(e.keyword)) {
        issues.push({ path: at, kind: 'type', message: `${where} is not valid (${e.keyword}).` });
      }
    }
  }
  return issues;
}

/** Deprecated fields the Shoot sets (the schema marks them `deprecated: true`). */
function deprecations(value: unknown, shape: Shape | undefined, root: Shape, path: (string | number)[], out: SchemaIssue[]): void {
  const s = resolve(shape, root);
  if (!s || !leadsToDeprecated(root).has(s)) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => deprecations(v, s.items, root, [...path, i], out));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const own = s.properties && hasOwn(s.properties, key) ? s.properties[key] : undefined;
    const child = own ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (!child) continue;
    const note = own?.deprecated;
    if (note) {
      const why = typeof note === 'string' ? note.replace(/^Deprecated:\s*/, '') : 'see the Gardener API reference.';
      out.push({ path: [...path, key], kind: 'deprecated', message: `${formatPath([...path, key])} is deprecated: ${why}` });
    }
    if (typeof v === 'object' && v !== null) deprecations(v, child, root, [...path, key], out);
  }
}

function children(s: Shape): Shape[] {
  const out = Object.values(s.properties ?? {});
  if (s.items) out.push(s.items);
  if (typeof s.additionalProperties === 'object') out.push(s.additionalProperties);
  return out;
}

const deprecatedReach = new WeakMap<Shape, ReadonlySet<Shape>>();

/**
 * The (resolved) shapes of a schema below which a deprecated field can be
 * set: the walk for deprecations skips every other subtree of a Shoot (most
 * of it). Computed once per schema, to a fixed point (definitions refer to
 * each other).
 */
function leadsToDeprecated(root: Shape): ReadonlySet<Shape> {
  const known = deprecatedReach.get(root);
  if (known) return known;
  const all: Shape[] = [];
  const seen = new Set<Shape>();
  const stack: (Shape | undefined)[] = [root];
  while (stack.length) {
    const s = resolve(stack.pop(), root);
    if (!s || seen.has(s)) continue;
    seen.add(s);
    all.push(s);
    stack.push(...children(s));
  }
  const reach = new Set(all.filter((s) => Object.values(s.properties ?? {}).some((p) => p.deprecated)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of all) {
      if (reach.has(s) || !children(s).some((c) => reach.has(resolve(c, root)!))) continue;
      reach.add(s);
      changed = true;
    }
  }
  deprecatedReach.set(root, reach);
  return reach;
}

function compare(a: SchemaIssue, b: SchemaIssue): number {
  const pa = a.path.join('\u0000');
  const pb = b.path.join('\u0000');
  return pa < pb ? -1 : pa > pb ? 1 : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/** The object without `status`: the server owns it, so a newer or trimmed status is never the user's error. */
function withoutStatus(value: unknown): unknown {
  if (!isRecord(value) || !hasOwn(value, 'status')) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'status') setKey(out, k, v);
  return out;
}

/** Every schema issue of a Shoot (as parsed, nulls included, `status` left out), sorted by path. */
export function validateShoot(value: unknown, version: GardenerVersion): SchemaIssue[] {
  const { validate, root } = load(version);
  const data = withoutNullMembers(withoutStatus(value));
  const issues: SchemaIssue[] = [];
  if (!validate(data)) issues.push(...issuesFrom(validate.errors ?? [], data, root, version));
  deprecations(data, root, root, [], issues);
  return issues.sort(compare);
}
