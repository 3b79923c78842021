/**
 * Reads Gardener's generated API reference (docs/api-reference/core.md) into a
 * plain model of types and fields. Two layouts exist:
 *
 * - the older one (up to about v1.140): ids like `core.gardener.cloud/v1beta1.Shoot`,
 *   Go type spellings (`[]string`, `map[string]bool`, `Kubernetes meta/v1.Duration`),
 *   embedded members listed as a row "(Members of X are embedded into this type.)",
 *   resource types repeating their spec inline in a nested table, aliases in the
 *   heading ("(<code>string</code> alias)");
 * - the newer one: lowercase ids (`shootspec`), JSON spellings (`string array`,
 *   `object (keys:string, values:boolean)`), embedded members already flattened,
 *   aliases as "<em>Underlying type: ...</em>".
 *
 * Both are HTML tables inside Markdown; the parser reads only the tags it needs.
 */

/** A field or alias type, as the reference spells it, normalised. */
export type TypeExpr =
  | { readonly kind: 'scalar'; readonly name: 'string' | 'boolean' | 'integer' | 'number' | 'bytes' }
  | { readonly kind: 'array'; readonly items: TypeExpr }
  | { readonly kind: 'map'; readonly values: TypeExpr }
  /** A type of the Gardener API (documented in the same file). */
  | { readonly kind: 'ref'; readonly name: string }
  /** A Kubernetes type (linked to the Kubernetes reference or godoc). */
  | { readonly kind: 'external'; readonly name: string }
  /** An inline Go struct (the newer layout spells a few anonymous structs out). */
  | { readonly kind: 'struct'; readonly fields: readonly ApiField[] };

export interface ApiField {
  /** JSON name. */
  readonly name: string;
  readonly type: TypeExpr;
  readonly optional: boolean;
  readonly description: string;
  readonly deprecated: boolean;
  /** Older layout: the members of `type` are embedded into the owning type. */
  readonly embedded: boolean;
}

export interface ApiType {
  readonly name: string;
  readonly description: string;
  /** Struct types. */
  readonly fields?: readonly ApiField[];
  /** Named non-struct types (string aliases, maps, ...). */
  readonly alias?: TypeExpr;
}

export interface ApiReference {
  readonly layout: 'old' | 'new';
  readonly types: ReadonlyMap<string, ApiType>;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  nbsp: ' ',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

/** HTML fragment → plain text: line breaks kept, tags dropped, entities and Markdown escapes decoded. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n')
    // Only HTML tags: the newer layout writes placeholders like `<major>.<minor>` raw.
    .replace(/<\/?(?:p|em|code|a|strong|b|i|ul|ol|li|pre|span|div|table|thead|tbody|tr|td|th|h\d)\b[^>]*>/gi, '')
    .replace(/\\([{}[\]<>_*`\\|#])/g, '$1');
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Top-level `<tr>` rows of the first table in `html` (nested tables stay inside their cell). */
function tableRows(html: string): string[][] {
  const start = html.indexOf('<table>');
  if (start === -1) return [];
  const tag = /<(\/?)(table|tr|td)\b[^>]*>/gi;
  tag.lastIndex = start;
  let depth = 0;
  const rows: string[][] = [];
  let row: string[] | undefined;
  let cellStart = -1;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (name === 'table') {
      depth += closing ? -1 : 1;
      if (depth === 0) break;
      continue;
    }
    if (depth !== 1) continue;
    if (name === 'tr') {
      if (!closing) row = [];
      else if (row) {
        rows.push(row);
        row = undefined;
      }
    } else if (name === 'td' && row) {
      if (!closing) cellStart = m.index + m[0].length;
      else if (cellStart !== -1) {
        row.push(html.slice(cellStart, m.index));
        cellStart = -1;
      }
    }
  }
  return rows;
}

/** Removes nested tables (the older layout repeats a resource's spec inside the spec row). */
function withoutTables(html: string): string {
  let out = '';
  let depth = 0;
  let last = 0;
  const tag = /<(\/?)table\b[^>]*>/gi;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (m[1] !== '/') {
      if (depth === 0) out += html.slice(last, m.index);
      depth++;
    } else {
      depth--;
      if (depth === 0) last = m.index + m[0].length;
    }
  }
  return depth === 0 ? out + html.slice(last) : out;
}

const GARDENER_PKG = /^github\.com\/gardener\/gardener\/pkg\/apis\/core\/v1beta1\./;

/** A Go type spelling (older layout, aliases, inline structs) → TypeExpr. `local` says whether a named type is Gardener's. */
export function parseGoType(spelling: string, local: boolean): TypeExpr {
  const s = spelling.trim().replace(/^\*/, '');
  if (s.startsWith('[]')) {
    if (s === '[]byte') return { kind: 'scalar', name: 'bytes' };
    return { kind: 'array', items: parseGoType(s.slice(2), local) };
  }
  const map = /^map\[([^\]]+)\](.+)$/.exec(s);
  if (map) return { kind: 'map', values: parseGoType(map[2]!, local) };
  switch (s) {
    case 'string':
      return { kind: 'scalar', name: 'string' };
    case 'bool':
      return { kind: 'scalar', name: 'boolean' };
    case 'int':
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
      return { kind: 'scalar', name: 'integer' };
    case 'float32':
    case 'float64':
      return { kind: 'scalar', name: 'number' };
    case 'byte':
      return { kind: 'scalar', name: 'integer' };
  }
  if (GARDENER_PKG.test(s)) return { kind: 'ref', name: s.replace(GARDENER_PKG, '') };
  if (s.includes('/') || s.startsWith('Kubernetes ') || !local) {
    return { kind: 'external', name: s.slice(s.lastIndexOf('.') + 1) };
  }
  return { kind: 'ref', name: s };
}

/** A JSON type spelling of the newer layout (links already replaced by `@ref:Name` / `@ext:Name`). */
function parseJsonType(spelling: string): TypeExpr {
  const s = spelling.trim();
  if (s.endsWith(' array')) return { kind: 'array', items: parseJsonType(s.slice(0, -' array'.length)) };
  const obj = /^object \(keys:\s*([^,]+),\s*values:\s*(.+)\)$/.exec(s);
  if (obj) return { kind: 'map', values: parseJsonType(obj[2]!) };
  if (s.startsWith('@ref:')) return { kind: 'ref', name: s.slice(5) };
  if (s.startsWith('@ext:')) return { kind: 'external', name: s.slice(5) };
  switch (s) {
    case 'string':
      return { kind: 'scalar', name: 'string' };
    case 'boolean':
      return { kind: 'scalar', name: 'boolean' };
    case 'integer':
      return { kind: 'scalar', name: 'integer' };
    case 'float':
    case 'number':
      return { kind: 'scalar', name: 'number' };
  }
  throw new Error(`unknown type spelling "${s}"`);
}

/** An anonymous Go struct as the newer layout prints it: struct{Type *string "json:\"type,omitempty\""; ...}. */
function parseGoStruct(spelling: string): TypeExpr {
  const body = /^struct\{(.*)\}$/s.exec(spelling.trim());
  if (!body) throw new Error(`not a struct: ${spelling}`);
  const fields: ApiField[] = [];
  for (const m of body[1]!.matchAll(/(\w+)\s+(\S+)\s+"json:\\"([^,\\]+)(,[^\\]*)?\\"[^"]*"/g)) {
    fields.push({
      name: m[3]!,
      type: parseGoType(m[2]!, false),
      optional: m[2]!.startsWith('*') || /omitempty/.test(m[4] ?? ''),
      description: '',
      deprecated: false,
      embedded: false,
    });
  }
  return { kind: 'struct', fields };
}

/** Replaces every link by a marker: a local anchor by @ref:Text, an external URL by @ext:Text. */
function markLinks(html: string, layout: 'old' | 'new'): string {
  return html.replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_all, href: string, inner: string) => {
    const text = htmlToText(inner);
    if (layout === 'old') return href.startsWith('#') ? `@ref:${text}` : `@ext:${text}`;
    return href.startsWith('#') ? `@ref:${text}` : `@ext:${text}`;
  });
}

/** The type cell (after the field name) → TypeExpr. */
function parseTypeCell(html: string, layout: 'old' | 'new'): TypeExpr {
  const marked = markLinks(html, layout);
  const text = htmlToText(marked).replace(/\s+/g, ' ').trim();
  if (layout === 'new') return parseJsonType(text);
  // Older layout: the link text is a Go spelling ("[]Toleration", "Kubernetes meta/v1.Duration").
  const link = /@(ref|ext):(.*)$/.exec(text);
  if (!link) return parseGoType(text, true);
  return parseGoType(link[2]!, link[1] === 'ref');
}

function fieldOf(row: string[], layout: 'old' | 'new'): ApiField | undefined {
  if (row.length < 2) return undefined;
  const [typeCell, descCell] = row as [string, string];
  const name = /<code>([^<]+)<\/code>/.exec(typeCell)?.[1];
  if (!name) return undefined;
  const after = typeCell.slice(typeCell.indexOf('</code>') + '</code>'.length).replace(/^\s*<\/br>/, '');
  const descHtml = withoutTables(descCell);
  const embedded = /\(Members of <code>[^<]+<\/code> are embedded into this type\.\)/.test(descHtml);
  const optional = /<em>\(Optional\)<\/em>/.test(descHtml);
  const description = htmlToText(
    descHtml.replace(/<em>\(Optional\)<\/em>/g, '').replace(/<p>\s*\(Members of <code>[^<]+<\/code> are embedded into this type\.\)\s*<\/p>/g, ''),
  );
  let type: TypeExpr;
  if (name === 'apiVersion' || name === 'kind') type = { kind: 'scalar', name: 'string' };
  else type = parseTypeCell(after, layout);
  return { name, type, optional, description, deprecated: /(^|\n)\s*Deprecated:/.test(description) || /^Deprecated\b/.test(description), embedded };
}

/** Parses a whole core.md. */
export function parseApiReference(markdown: string): ApiReference {
  const layout: 'old' | 'new' = markdown.includes('<h3 id="core.gardener.cloud/v1beta1.') ? 'old' : 'new';
  const types = new Map<string, ApiType>();
  const heads = [...markdown.matchAll(/<h3 id="[^"]*">([^\n<(]+)/g)];
  heads.forEach((h, i) => {
    const name = h[1]!.trim();
    const end = i + 1 < heads.length ? heads[i + 1]!.index : markdown.length;
    const section = markdown.slice(h.index, end);
    const headEnd = section.indexOf('</h3>');
    const heading = section.slice(0, headEnd);
    const body = section.slice(headEnd + '</h3>'.length);
    const description = htmlToText(
      withoutTables(body)
        .replace(/<p>\s*\(<em>Appears on:<\/em>[\s\S]*?<\/p>/, '')
        .replace(/<p><em>Underlying type:[\s\S]*?<\/em><\/p>/, ''),
    );
    let alias: TypeExpr | undefined;
    const oldAlias = /\(<code>(.+?)<\/code> alias\)/.exec(heading);
    if (oldAlias) alias = parseGoType(decodeEntities(oldAlias[1]!), true);
    const newAlias = /<p><em>Underlying type: ([\s\S]*?)<\/em><\/p>/.exec(body);
    if (newAlias) {
      const raw = newAlias[1]!;
      // The href of an anonymous struct holds quotes itself: read the link text between ">struct{" and "}</a>".
      const structLink = /">(struct\{[\s\S]*?\})<\/a>/.exec(raw);
      alias = structLink ? parseGoStruct(decodeEntities(structLink[1]!)) : parseJsonType(htmlToText(markLinks(raw, 'new')));
    }
    if (alias) {
      types.set(name, { name, description, alias });
      return;
    }
    const rows = tableRows(body);
    const fields = rows.map((r) => fieldOf(r, layout)).filter((f): f is ApiField => f !== undefined);
    types.set(name, { name, description, fields });
  });
  return { layout, types };
}
