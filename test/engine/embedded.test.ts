import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFile } from '../../lib/engine/document.ts';
import { embeddedYaml } from '../../lib/engine/embedded.ts';
import type { Range } from '../../lib/engine/embedded.ts';

function configMap(data: string, eol = '\n'): string {
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: auth', 'data:', ...data.split('\n')].join(eol);
}

function slice(text: string, r: Range): string {
  return text.slice(r[0], r[1]);
}

function load(text: string) {
  const file = parseFile({ path: 'cm.yaml', text });
  assert.is(file.problems.length, 0, 'outer file parses');
  const object = file.objects[0]!;
  return { file, e: embeddedYaml(object, ['data', 'config.yaml']) };
}

const INNER = [
  '  config.yaml: |',
  '    apiVersion: apiserver.config.k8s.io/v1beta1',
  '    kind: AuthenticationConfiguration',
  '    anonymous:',
  '      enabled: true',
  '      conditions:',
  '      - path: /livez',
].join('\n');

test('a literal block scalar maps inner nodes to their exact outer text', () => {
  const { file, e } = load(configMap(INNER));
  assert.ok(e);
  assert.ok(e.exact);
  assert.equal(e.problems, []);
  assert.equal((e.value as { anonymous: { enabled: boolean } }).anonymous.enabled, true);
  const enabled = e.locate(['anonymous', 'enabled']);
  assert.ok(enabled.found);
  assert.is(slice(file.text, enabled.range), 'true');
  assert.equal(file.lines.span(enabled.range[0], enabled.range[1]).line, 10);
  assert.is(slice(file.text, e.locate(['anonymous', 'conditions', 0, 'path']).range), '/livez');
  assert.is(slice(file.text, e.locate(['anonymous'], { key: true }).range), 'anonymous');
});

test('CRLF line endings map to the same text', () => {
  const { file, e } = load(configMap(INNER, '\r\n'));
  assert.ok(e?.exact);
  assert.is(slice(file.text, e.locate(['kind']).range), 'AuthenticationConfiguration');
  assert.is(slice(file.text, e.locate(['anonymous', 'conditions', 0, 'path']).range), '/livez');
});

test('chomping and indentation indicators, a header comment and leading blank lines', () => {
  const text = configMap(['  config.yaml: |2- # the config', '', '      nested:', '        key: value', '      other: x'].join('\n'));
  const { file, e } = load(text);
  assert.ok(e?.exact);
  assert.is(slice(file.text, e.locate(['nested', 'key']).range), 'value');
  assert.is(slice(file.text, e.locate(['other']).range), 'x');
});

test('an inner position on a blank line stays on that line, not in the next line\'s indentation', () => {
  const text = configMap(['  config.yaml: |', '    kind: Policy', '', '    rules:', '    - level: None', '  other: x'].join('\n'));
  const { file, e } = load(text);
  assert.ok(e?.exact);
  const blank = e.text.indexOf('\n\n') + 1;
  const [start, end] = e.range([blank, blank]);
  assert.equal([file.lines.position(start), file.lines.position(end)], [{ line: 8, column: 1 }, { line: 8, column: 1 }]);
  // A range from the blank line into the next ends where that line's content starts.
  assert.equal(file.lines.position(e.range([blank, blank + 1])[1]), { line: 9, column: 5 });
  // Ends of lines with content still map to the end of that line.
  const eol = e.text.indexOf('\n');
  assert.equal(file.lines.position(e.range([eol, eol])[0]), { line: 7, column: 17 });
});

test('a missing inner path points at its deepest existing ancestor', () => {
  const { file, e } = load(configMap(INNER));
  const l = e!.locate(['anonymous', 'conditions', 0, 'missing']);
  assert.not.ok(l.found);
  assert.is(slice(file.text, l.range), 'path');
});

test('quoted and folded scalars fall back to the scalar range', () => {
  const quoted = configMap('  config.yaml: "kind: AuthenticationConfiguration\\nanonymous:\\n  enabled: true\\n"');
  const q = load(quoted);
  assert.ok(q.e);
  assert.not.ok(q.e.exact);
  assert.equal((q.e.value as { anonymous: { enabled: boolean } }).anonymous.enabled, true);
  assert.equal(q.e.locate(['anonymous', 'enabled']).range, q.e.scalarRange);
  assert.ok(slice(q.file.text, q.e.scalarRange).startsWith('"kind'));
  const folded = load(configMap(['  config.yaml: >', '    kind: AuthenticationConfiguration'].join('\n')));
  assert.not.ok(folded.e!.exact);
  assert.equal(folded.e!.locate(['kind']).range, folded.e!.scalarRange);
});

test('an alias to a block scalar maps into the anchored block', () => {
  const text = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: a}',
    '  data:',
    '    config.yaml: &cfg |',
    '      anonymous:',
    '        enabled: true',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: b}',
    '  data:',
    '    config.yaml: *cfg',
  ].join('\n');
  const file = parseFile({ path: 'l.yaml', text });
  const e = embeddedYaml(file.objects[1]!, ['data', 'config.yaml']);
  assert.ok(e?.exact);
  const r = e.locate(['anonymous', 'enabled']).range;
  assert.is(slice(text, r), 'true');
  assert.is(file.lines.span(r[0], r[1]).line, 10);
});

test('parse errors inside the block are reported at their outer position; no string means undefined', () => {
  const { file, e } = load(configMap(['  config.yaml: |', '    a: [1, 2', '    b: c'].join('\n')));
  assert.ok(e);
  assert.ok(e.problems.length > 0);
  assert.is(e.value, undefined);
  assert.ok(e.problems[0]!.range[0] >= e.scalarRange[0] && e.problems[0]!.range[1] <= e.scalarRange[1]);
  assert.is(embeddedYaml(file.objects[0]!, ['data', 'other']), undefined);
  assert.is(embeddedYaml(file.objects[0]!, ['metadata']), undefined);
});

test.run();
