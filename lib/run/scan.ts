/**
 * A header scan of a manifest: for each Kubernetes object, what the
 * repository index records (apiVersion, kind, namespace, name and the objects
 * it references), read line by line without building the document. Only plain
 * block YAML is scanned; whenever a line could mean something the scan does
 * not model (anchors, aliases, merge keys, tags, flow collections or
 * non-string scalars on a recorded path, a List, JSON), `scanText` returns
 * undefined and the caller parses the file with the engine instead. The
 * scan builds a skeleton of the object holding only the recorded paths, and
 * `objectLinks` reads that skeleton exactly as it reads a parsed object.
 */
import { isRecord } from '../engine/record.ts';

/** An object reference: `kind` named `name`, in the referring object's namespace when `namespaced`. */
export interface ObjectLink {
  readonly kind: string;
  readonly name: string;
  readonly namespaced: boolean;
}

export interface ObjectHeader {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** What the object references (a Shoot's ConfigMaps and profile, a NamespacedCloudProfile's parent). */
  readonly links?: readonly ObjectLink[];
}

const KAS = 'spec.kubernetes.kubeAPIServer';
/** The paths the scan records, besides apiVersion, kind and metadata. */
const LINK_PATHS = [
  `${KAS}.auditConfig.auditPolicy.configMapRef.name`,
  `${KAS}.structuredAuthentication.configMapName`,
  'spec.cloudProfile.kind',
  'spec.cloudProfile.name',
  'spec.cloudProfileName',
  'spec.parent.kind',
  'spec.parent.name',
];
const RECORDED = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'items', ...LINK_PATHS]);
/** Every proper prefix of a recorded path: a flow collection or alias there could hide a recorded value. */
const PREFIXES = new Set<string>(['']);
for (const p of RECORDED) {
  const parts = p.split('.');
  for (let i = 1; i < parts.length; i++) PREFIXES.add(parts.slice(0, i).join('.'));
}

function get(value: unknown, path: readonly string[]): unknown {
  let v: unknown = value;
  for (const k of path) {
    if (!isRecord(v)) return undefined;
    v = v[k];
  }
  return v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The objects an object references, read from its value (a parsed object or a scan skeleton). */
export function objectLinks(value: Record<string, unknown>): ObjectLink[] {
  const links: ObjectLink[] = [];
  if (value.kind === 'Shoot') {
    const kas = get(value, ['spec', 'kubernetes', 'kubeAPIServer']);
    const audit = str(get(kas, ['auditConfig', 'auditPolicy', 'configMapRef', 'name']));
    if (audit) links.push({ kind: 'ConfigMap', name: audit, namespaced: true });
    const authn = str(get(kas, ['structuredAuthentication', 'configMapName']));
    if (authn && authn !== audit) links.push({ kind: 'ConfigMap', name: authn, namespaced: true });
    const ref = get(value, ['spec', 'cloudProfile']);
    const refName = str(get(ref, ['name']));
    const name = refName ?? str(get(value, ['spec', 'cloudProfileName']));
    if (name) {
      const kind = (refName !== undefined ? str(get(ref, ['kind'])) : undefined) ?? 'CloudProfile';
      links.push({ kind, name, namespaced: kind === 'NamespacedCloudProfile' });
    }
  } else if (value.kind === 'NamespacedCloudProfile') {
    const parent = str(get(value, ['spec', 'parent', 'name']));
    if (parent) links.push({ kind: 'CloudProfile', name: parent, namespaced: false });
  }
  return links;
}

/** The header of a parsed object's value (what the engine's parse reads as its identity). */
export function headerOf(value: Record<string, unknown>, apiVersion: string, kind: string, name: string, namespace: string | undefined): ObjectHeader {
  const links = objectLinks(value);
  return { apiVersion, kind, name, ...(namespace !== undefined ? { namespace } : {}), ...(links.length ? { links } : {}) };
}

const KEY = /^(?:([A-Za-z0-9_][A-Za-z0-9_./-]*)|"([^"\\]*)"|'([^']*)')[ \t]*:(?:[ \t]+|$)/;
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.?[0-9].*|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$/;

class Unscannable extends Error {}

/** A plain or quoted scalar on one line, as a string; throws Unscannable for anything else. */
function scalar(raw: string): string | null {
  let v = raw;
  if (v === '' || v.startsWith('#')) return null;
  if (v.startsWith('"')) {
    const end = v.indexOf('"', 1);
    if (end < 0 || v.slice(1, end).includes('\\')) throw new Unscannable();
    const rest = v.slice(end + 1).trim();
    if (rest && !rest.startsWith('#')) throw new Unscannable();
    return v.slice(1, end);
  }
  if (v.startsWith("'")) {
    const body = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(v);
    if (!body) throw new Unscannable();
    return body[1]!.replace(/''/g, "'");
  }
  if (/^[&*!{[|>@`%,?:-]/.test(v)) throw new Unscannable();
  const hash = v.search(/\s#/);
  if (hash >= 0) v = v.slice(0, hash);
  v = v.trimEnd();
  if (NOT_A_STRING.test(v) || v.includes(': ')) throw new Unscannable();
  return v;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: string | null): void {
  let t = target;
  for (const k of path.slice(0, -1)) {
    const next = t[k];
    if (isRecord(next)) t = next;
    else t = t[k] = {};
  }
  t[path[path.length - 1]!] = value;
}

function balanced(v: string): boolean {
  let depth = 0;
  for (const c of v) {
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth <= 0;
}

function closedQuote(v: string): boolean {
  const q = v[0]!;
  if (q === "'") return /^'(?:[^']|'')*'/.test(v);
  return /^"(?:[^"\\]|\\.)*"/.test(v);
}

/**
 * The objects of a manifest's text, or undefined when the text is not plain
 * block YAML the scan can read exactly (the caller then parses it).
 */
export function scanText(text: string): ObjectHeader[] | undefined {
  try {
    return scan(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    if (err instanceof Unscannable) return undefined;
    throw err;
  }
}

function scan(text: string): ObjectHeader[] {
  const first = /^(?:\s|#.*\n)*(.)/.exec(text)?.[1];
  if (first === '{' || first === '[') throw new Unscannable();
  const out: ObjectHeader[] = [];
  let doc: Record<string, unknown> = {};
  const flush = (): void => {
    const { apiVersion, kind } = doc;
    if (typeof apiVersion === 'string' && typeof kind === 'string') {
      if (/List$/.test(kind) && 'items' in doc) throw new Unscannable();
      const metadata = isRecord(doc.metadata) ? doc.metadata : {};
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
      out.push(headerOf(doc, apiVersion, kind, name, namespace));
    }
    doc = {};
  };
  // Open mappings on a recorded path (each a prefix of one): indentation and dotted path.
  const stack: { indent: number; path: string }[] = [];
  // Lines indented more than this belong to a value nothing is recorded from (or a block scalar): skipped unread.
  let skipAbove = -1;
  const n = text.length;
  let pos = 0;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let i = pos;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const indent = i - pos;
    pos = end + 1;
    const c = text.charCodeAt(i);
    if (i === end || c === 35 /* # */ || (c === 13 && i + 1 === end)) continue;
    if (skipAbove >= 0 && indent > skipAbove) continue;
    skipAbove = -1;
    let body = text.slice(i, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (c === 9 /* tab */) throw new Unscannable();
    if (indent === 0 && (body.startsWith('---') || body.startsWith('...')) && (body.length === 3 || body.charCodeAt(3) === 32 || body.charCodeAt(3) === 9)) {
      const rest = body.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new Unscannable();
      flush();
      stack.length = 0;
      continue;
    }
    if (indent === 0 && c === 37 /* % */) throw new Unscannable();
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1]!.path : '';
    if (c === 45 /* - */ && (body.length === 1 || body.charCodeAt(1) === 32)) {
      // A sequence: nothing recorded lies inside one (a List's items make the file unscannable).
      skipAbove = indent;
      continue;
    }
    const m = KEY.exec(body);
    if (!m) {
      // A line that is not a key inside a mapping on a recorded path: leave it to the parser.
      throw new Unscannable();
    }
    const key = m[1] ?? m[2] ?? m[3]!;
    if (key === '<<') throw new Unscannable();
    body = body.slice(m[0].length);
    const path = parent ? `${parent}.${key}` : key;
    skipAbove = indent;
    if (RECORDED.has(path)) {
      if (path === 'items') doc.items = null;
      else setPath(doc, path.split('.'), scalar(body));
      continue;
    }
    if (PREFIXES.has(path)) {
      if (body === '' || body.startsWith('#')) {
        stack.push({ indent, path });
        skipAbove = -1;
      } else if (/^[&*!{[|>]/.test(body)) throw new Unscannable();
      continue;
    }
    // A flow collection or quoted scalar that goes on past this line could hold lines that look like keys.
    if (/^[{[]/.test(body) && !balanced(body)) throw new Unscannable();
    if (/^["']/.test(body) && !closedQuote(body)) throw new Unscannable();
  }
  flush();
  return out;
}
