/**
 * Parsing and validation of a configuration file's text. Pure (no fs), so the
 * language server can check an open `.shootlint.yaml` with it. Configuration
 * is data: YAML tags beyond the core schema are refused, nothing is executed.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { boundedTokens, MAX_NESTING } from '../engine/nesting.ts';
import { LineIndex } from '../engine/positions.ts';
import type { AnyRule } from '../engine/rule.ts';
import type { SeverityName } from '../engine/types.ts';
import { didYouMeanText } from './did-you-mean.ts';
import { CONFIG_VALIDATOR_OPTIONS, configSchema } from './schema.ts';

export const DATA_CONFIG_NAMES = ['.shootlint.yaml', '.shootlint.yml', '.shootlint.json'] as const;
/** Configuration that would be code: refused, never loaded. */
export const EXECUTABLE_CONFIG = /\.(c|m)?(j|t)s$/i;

/** Tags of YAML's core schema: plain data. Anything else (!!js/function, !Ref, ...) is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export interface RuleEntry {
  readonly severity: SeverityName;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ConfigSettings {
  readonly rules?: Readonly<Record<string, RuleEntry>>;
  readonly strict?: boolean;
  readonly stigRelease?: string;
  readonly gardenerVersion?: string;
  readonly kubernetesVersion?: string;
  readonly unverifiableSeverity?: SeverityName;
}

export interface ConfigOverride extends ConfigSettings {
  readonly files: readonly string[];
}

/** A validated configuration file; rule keys are normalised to rule ids. */
export interface ConfigData extends ConfigSettings {
  readonly ignore?: readonly string[];
  readonly overrides?: readonly ConfigOverride[];
}

export interface ConfigProblem {
  /** 1-based, in the configuration file. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

export type ParsedConfig = { readonly ok: true; readonly data: ConfigData } | { readonly ok: false; readonly problems: ConfigProblem[] };

/** An error a user fixes in the configuration file; carries file:line:col. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly path: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((p) => `${path}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

const validators = new WeakMap<readonly AnyRule[], ValidateFunction>();
const load = createRequire(import.meta.url);

/**
 * The validator of a rule registry's configuration schema: the precompiled
 * one (schema-validators/config.generated.cjs, beside the bundle in dist/)
 * when the schema is the one it was compiled from, else compiled here with
 * Ajv (loaded only then).
 */
function validatorFor(rules: readonly AnyRule[]): ValidateFunction {
  let v = validators.get(rules);
  if (!v) {
    const schema = configSchema(rules);
    const precompiled = load('./schema-validators/config.generated.cjs') as ValidateFunction & { schemaJson: string };
    if (precompiled.schemaJson === JSON.stringify(schema)) v = precompiled;
    else v = new (load('ajv') as { Ajv: new (o: typeof CONFIG_VALIDATOR_OPTIONS) => Ajv }).Ajv(CONFIG_VALIDATOR_OPTIONS).compile(schema);
    validators.set(rules, v);
  }
  return v;
}

/** Parses and validates configuration text; `path` names the file in messages (and tells JSON from YAML). */
export function parseConfig(text: string, path: string, rules: readonly AnyRule[]): ParsedConfig {
  const lines = new LineIndex(text);
  const at = (range: readonly [number, number] | undefined, message: string): ConfigProblem => {
    const s = lines.span(range?.[0] ?? 0, range?.[1] ?? 0);
    return { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn, message };
  };
  if (EXECUTABLE_CONFIG.test(path)) {
    return { ok: false, problems: [at(undefined, 'configuration is data only (.shootlint.yaml, .shootlint.yml or .shootlint.json); a JavaScript or TypeScript configuration is never loaded')] };
  }
  // Collections nested beyond a bound are reported, not composed (lib/engine/nesting.ts).
  const deep = boundedTokens(text).tooDeep[0];
  if (deep !== undefined) return { ok: false, problems: [at([deep, deep + 1], `collections nested deeper than ${MAX_NESTING} levels; the configuration is not read`)] };
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const problems: ConfigProblem[] = doc.errors.map((e) => at(e.pos, e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')));
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      problems.push(at(node.range ? [node.range[0], node.range[1]] : undefined, `YAML tag ${shortTag(node.tag)} is not allowed: configuration is plain data and is never executed`));
    }
  });
  if (problems.length) return { ok: false, problems };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, problems: [at(undefined, `cannot read configuration: ${(err as Error).message}`)] };
  }
  if (value === null || value === undefined) value = {};
  const validate = validatorFor(rules);
  if (!validate(value)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    const seen = new Set<string>();
    for (const e of errors) {
      const p = problemOf(doc, e, at);
      const key = `${p.line}:${p.column}:${p.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(p);
      }
    }
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, problems };
  }
  return { ok: true, data: normalise(value as RawConfig, rules) };
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The node at a path, or with `key` the key node of its last segment. */
function nodeAt(doc: Document, path: readonly (string | number)[], key = false): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return isNode(node) ? node : undefined;
      node = last && key ? pair.key : pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return isNode(node) ? node : undefined;
    }
  }
  return isNode(node) ? node : undefined;
}

type At = (range: readonly [number, number] | undefined, message: string) => ConfigProblem;

function problemOf(doc: Document, e: ErrorObject, at: At): ConfigProblem {
  const path = pathOf(e.instancePath);
  const where = path.length ? path.join('.') : 'the configuration';
  const rangeOf = (n: Node | undefined): [number, number] | undefined => (n?.range ? [n.range[0], n.range[1]] : undefined);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const node = nodeAt(doc, [...path, extra], true);
      const r = path.lastIndexOf('rules');
      const tail = r === -1 ? undefined : path.slice(r + 1);
      const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const hint = didYouMeanText(extra, allowed);
      const message =
        r !== -1 && r === path.length - 1
          ? `unknown rule "${extra}"${hint || '; run shootlint --print-rules for the list'}`
          : tail?.length === 1
            ? `unknown key "${extra}" in the setting of rule ${String(tail[0])}${hint || '; use severity and options'}`
            : tail?.length === 2
              ? `unknown option "${extra}" for rule ${String(tail[0])}${hint}`
              : `unknown setting "${extra}"${path.length ? ` in ${where}` : ''}${hint}`;
      return at(rangeOf(node), message);
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const shown = allowed.length > 8 ? `${allowed.slice(0, 8).join(', ')}, ...` : allowed.join(', ');
      return at(rangeOf(nodeAt(doc, path)), `${where} must be one of ${shown}`);
    }
    case 'required':
      return at(rangeOf(nodeAt(doc, path)), `${where} needs "${(e.params as { missingProperty: string }).missingProperty}"`);
    default:
      return at(rangeOf(nodeAt(doc, path)), `${where} ${e.message ?? 'is invalid'}`);
  }
}

interface RawOverride extends Omit<ConfigOverride, 'rules'> {
  readonly rules?: Record<string, RawRule>;
}
interface RawConfig extends Omit<ConfigData, 'rules' | 'overrides'> {
  readonly rules?: Record<string, RawRule>;
  readonly overrides?: RawOverride[];
}
type RawRule = SeverityName | [SeverityName, Record<string, unknown>?] | { severity: SeverityName; options?: Record<string, unknown> };

function normaliseRules(raw: Record<string, RawRule> | undefined, rules: readonly AnyRule[]): Record<string, RuleEntry> | undefined {
  if (!raw) return undefined;
  const out: Record<string, RuleEntry> = {};
  for (const [key, v] of Object.entries(raw)) {
    const id = rules.find((r) => r.meta.id === key || r.meta.name === key)?.meta.id ?? key;
    const entry: RuleEntry =
      typeof v === 'string' ? { severity: v } : Array.isArray(v) ? { severity: v[0], ...(v[1] ? { options: v[1] } : {}) } : { severity: v.severity, ...(v.options ? { options: v.options } : {}) };
    const prev = out[id];
    out[id] = prev ? { severity: entry.severity, options: { ...(prev.options ?? {}), ...(entry.options ?? {}) } } : entry;
  }
  return out;
}

function normalise(raw: RawConfig, rules: readonly AnyRule[]): ConfigData {
  const { rules: r, overrides, $schema: _schema, ...rest } = raw as RawConfig & { $schema?: string };
  const data: ConfigData = {
    ...rest,
    ...(r ? { rules: normaliseRules(r, rules)! } : {}),
    ...(overrides
      ? {
          overrides: overrides.map(({ rules: or, ...o }): ConfigOverride => ({ ...o, ...(or ? { rules: normaliseRules(or, rules)! } : {}) })),
        }
      : {}),
  };
  return data;
}
