/**
 * Generated YAML around the quick parser's subset boundary, for differential
 * property tests (test/engine/parsers.props.test.ts): block mappings and
 * sequences, odd keys and values, quoting, comments and spacing, block
 * scalars, document markers, anchors and tags, long keys, unicode, CRLF and a
 * byte order mark, and now and then a few random edits. Built from structure,
 * so fast-check shrinks a failing file to a small one.
 */
import fc from 'fast-check';
import { mutate, random } from './mutate.ts';

type Node =
  | { readonly t: 'scalar'; readonly s: string }
  | { readonly t: 'block'; readonly header: string; readonly lines: readonly string[] }
  | { readonly t: 'map'; readonly entries: readonly Entry[]; readonly step: number }
  | { readonly t: 'seq'; readonly items: readonly Node[]; readonly indented: boolean };

interface Entry {
  readonly key: string;
  /** Spaces between the key and its colon. */
  readonly gap: string;
  readonly value: Node;
  /** A comment after the entry's line, or '' */
  readonly comment: string;
  /** A blank or comment line before the entry, or '' */
  readonly before: string;
}

/** Keys and values the quick parser reads, and odd ones around its boundary (which it may or may not read). */
const KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'kubernetes', 'version', 'addons', 'kubernetesDashboard', 'enabled',
  'provider', 'workers', 'kubelet', 'protectKernelDefaults', 'enableStaticTokenKubeconfig', 'kubeAPIServer', 'data', 'policy', 'items', 'a', 'b',
];
const ODD_KEYS = [
  'a b', 'a:b', 'a#b', 'a #b', '-a', '?a', 'a?', '.a', 'on', 'yes', 'No', 'null', '~', 'true', '1', '1.30', '0x1F', '-1', '.inf',
  'é', 'ключ', '😀', 'constructor', '__proto__', '<<', '"q"', "'s'", '"a: b"', "'it''s'", '"x\\ty"', '""', "''", '&k a', '!t a', '*a',
  '[a]', '{a}', 'a,b', 'a]', '%a', '@a', '`a', '| a', '> a',
];
const VALUES = ['x', 'true', 'false', '', '', '', '1', '1.30', '1.25.16', '"1.30"', 'a b', 'garden-x', '[a, b]', '{}', '"dq"', "'sq'", 'é'];
const ODD_VALUES = [
  'True', 'FALSE', 'yes', 'null', 'Null', '~', '0', '-0', '0x1F', '0o17', '0b1', '1e3', '.5',
  '.inf', '-.Inf', '.nan', '+1', '1_000', 'a  b', 'a # c', 'a#b', 'a:b', 'a: b', 'http://x.y:80/a#b', '- x', '-x', '--', '---', '...', '?', '? x',
  ':x', ',', 'a,b', '[a,b]', '[ ]', '[]', '{ }', '{a: 1}', '{a: 1, b: [x]}', '{"a":1}', '[a, [b, c]]', '[a,]', '[a', '{a: 1', '[-a, -1]',
  '"a # b"', '"a\\tb"', '"\\u00e9"', '"a', "'it''s'", "'x' # c", "'a", '&a x', '*a', '&a', '!t x', '!!str 1', '@x', '`x', '%x', '|', '>',
  'ü ö', '😀', 'a\u00a0b', 'ключ', '"😀"', 'AGFzbQ==', '12:30', '2024-01-01', 'x ', 'x\t', '"" # c',
];

/** The arbitraries of one file: odd keys, values and spacing weighted by `odd`, against 100 for ordinary ones. */
function arbitraries(odd: number) {
  const rare = <T>(usual: fc.Arbitrary<T>, others: fc.Arbitrary<T>, weight = odd): fc.Arbitrary<T> =>
    weight > 0 ? fc.oneof({ weight: 100, arbitrary: usual }, { weight, arbitrary: others }) : usual;
  const scalar: fc.Arbitrary<Node> = rare(
    fc.constantFrom(...VALUES),
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...ODD_VALUES) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '#', '-', '"', "'", ',', '[', ']', '{', '}', 'é', '😀', '\\', '&', '*', '!', '|'), maxLength: 8 }) },
    ),
  ).map((s) => ({ t: 'scalar' as const, s }));
  const block: fc.Arbitrary<Node> = fc
    .record({
      header: rare(fc.constantFrom('|', '|-'), fc.constantFrom('|+', '|2', '>', '>-', '| # c', '|  '), odd * 3),
      lines: fc.array(fc.constantFrom('line', 'a: 1', '', '  more', '# not a comment', 'x: [1, 2]', 'kind: Policy', 'rules:', '- level: None', '  - level: Metadata'), { maxLength: 4 }),
    })
    .map((b) => ({ t: 'block' as const, ...b }));
  const key: fc.Arbitrary<string> = fc.oneof(
    {
      weight: 30,
      arbitrary: rare(
        fc.constantFrom(...KEYS),
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...ODD_KEYS) },
          { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '#', '-', '"', "'", 'é', '😀'), minLength: 1, maxLength: 6 }) },
        ),
      ),
    },
    // Long keys, around YAML's limit of 1,024 characters, plain and quoted.
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1018, max: 1026 }), fc.constantFrom('', '"', "'")).map(([n, q]) => `${q}${'k'.repeat(n)}${q}`) },
  );
  const comment = rare(fc.constant(''), fc.constantFrom(' # c', '  #c', ' #', '#x', ' # a: b'), 10 + odd);
  const before = rare(fc.constant(''), fc.oneof({ weight: 10, arbitrary: fc.constantFrom('\n', '# c\n', '  # c\n', '  \n') }, { weight: odd, arbitrary: fc.constant('\t\n') }), 15);
  const { node } = fc.letrec<{ node: Node; map: Node; seq: Node }>((tie) => ({
    node: fc.oneof({ depthSize: 'xsmall', withCrossShrink: true }, { weight: 12, arbitrary: scalar }, { weight: 2, arbitrary: block }, { weight: 4, arbitrary: tie('map') }, { weight: 2, arbitrary: tie('seq') }),
    map: fc
      .record({
        entries: fc.array(fc.record({ key, gap: rare(fc.constant(''), fc.constant(' '), 5 + odd), value: tie('node'), comment, before }), { minLength: 1, maxLength: 3 }),
        step: rare(fc.constant(2), fc.constantFrom(1, 3, 4), 10 + odd),
      })
      .map((m) => ({ t: 'map' as const, ...m })),
    seq: fc.record({ items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), indented: fc.boolean() }).map((s) => ({ t: 'seq' as const, ...s })),
  }));
  /** A document: a root mapping, sometimes a Shoot or a ConfigMap around generated content so rules have findings to place. */
  const document: fc.Arbitrary<string[]> = fc
    .record({
      shape: fc.constantFrom('plain', 'shoot', 'shoot', 'configmap'),
      root: node,
      extra: fc.array(fc.record({ key, gap: fc.constant(''), value: node, comment, before }), { maxLength: 2 }),
    })
    .map(({ shape, root, extra }) => {
      const out: string[] = [];
      const content: Extract<Node, { t: 'map' }> = root.t === 'map' ? root : { t: 'map', entries: [{ key: 'a', gap: '', value: root, comment: '', before: '' }], step: 2 };
      if (shape === 'plain') {
        renderMap({ ...content, entries: [...content.entries, ...extra] }, 0, out);
        return out;
      }
      const kind = shape === 'shoot' ? 'Shoot' : 'ConfigMap';
      out.push(shape === 'shoot' ? 'apiVersion: core.gardener.cloud/v1beta1' : 'apiVersion: v1', `kind: ${kind}`, 'metadata:', '  name: gen', '  namespace: garden-x');
      const inner = shape === 'shoot' ? 'spec' : 'data';
      renderMap({ t: 'map', step: 2, entries: [{ key: inner, gap: '', value: content, comment: '', before: '' }, ...extra] }, 0, out);
      return out;
    });
  return { document, rare };
}

function sp(n: number): string {
  return ' '.repeat(n);
}

/** The lines of `n` as the value of an entry or item whose indicator is in column `ind`; the first line continues the indicator's line. */
function render(n: Node, ind: number, out: string[], first: string): void {
  switch (n.t) {
    case 'scalar':
      out.push(n.s === '' ? first : `${first} ${n.s}`);
      return;
    case 'block':
      out.push(`${first} ${n.header}`);
      for (const l of n.lines) out.push(l === '' ? '' : `${sp(ind + 2)}${l}`);
      return;
    case 'map': {
      out.push(first);
      renderMap(n, ind + n.step, out);
      return;
    }
    case 'seq': {
      out.push(first);
      renderSeq(n, n.indented ? ind + 2 : ind, out);
    }
  }
}

function renderMap(m: Extract<Node, { t: 'map' }>, ind: number, out: string[], firstPrefix?: string): void {
  m.entries.forEach((e, i) => {
    if (e.before && !(i === 0 && firstPrefix !== undefined)) out.push(...e.before.slice(0, -1).split('\n'));
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : sp(ind);
    const start = out.length;
    render(e.value, ind, out, `${lead}${e.key}${e.gap}:`);
    if (e.comment) out[start] += e.comment;
  });
}

function renderSeq(s: Extract<Node, { t: 'seq' }>, ind: number, out: string[]): void {
  for (const item of s.items) {
    if (item.t === 'map') renderMap(item, ind + 2, out, `${sp(ind)}- `);
    else if (item.t === 'seq') {
      out.push(`${sp(ind)}-`);
      renderSeq(item, ind + 2, out);
    } else render(item, ind, out, `${sp(ind)}-`);
  }
}

export interface GeneratedYaml {
  readonly text: string;
  /** What made it, for a failure's message. */
  readonly edits: number;
}

/** A whole file: documents and markers, then line endings, a BOM and random edits. */
function fileOf(odd: number): fc.Arbitrary<GeneratedYaml> {
  const { document, rare } = arbitraries(odd);
  return fc
    .record({
      docs: fc.array(fc.tuple(document, rare(fc.constant('---'), fc.constantFrom('--- # d', '--- ', '---\n---', '...\n---'), 30)), { minLength: 1, maxLength: 2 }),
      leading: fc.constantFrom('', '', '---\n', '# head\n', '\n'),
      crlf: rare(fc.constant('none'), fc.constantFrom('all', 'some')),
      bom: fc.constantFrom(false, false, false, true),
      trailingNewline: fc.constantFrom(true, true, false),
      trailing: rare(fc.constant(''), fc.constantFrom(' ', '\t')),
      edits: rare(fc.constant(0), fc.integer({ min: 1, max: 3 })),
      seed: fc.integer(),
    })
    .map(({ docs, leading, crlf, bom, trailingNewline, trailing, edits, seed }) => {
      const lines: string[] = [];
      docs.forEach(([d, marker], i) => {
        if (i > 0) lines.push(...marker.split('\n'));
        lines.push(...d);
      });
      let text = leading + lines.map((l, i) => (trailing && i % 3 === 1 ? l + trailing : l)).join('\n') + (trailingNewline ? '\n' : '');
      const rnd = random(seed);
      for (let k = 0; k < edits; k++) text = mutate(text, rnd);
      if (crlf === 'all') text = text.replaceAll('\n', '\r\n');
      else if (crlf === 'some') text = text.replace(/\n/g, (m, at: number) => (at % 2 ? '\r\n' : m));
      return { text: (bom ? '\ufeff' : '') + text, edits };
    });
}

/** Mostly files near the boundary (a rare odd piece), some far outside it. */
export const yamlFile: fc.Arbitrary<GeneratedYaml> = fc.oneof({ weight: 3, arbitrary: fileOf(1) }, { weight: 1, arbitrary: fileOf(40) });
