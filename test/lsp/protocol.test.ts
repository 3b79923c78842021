import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LspClient, ROOT } from './client.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'lsp');
const INSECURE = readFileSync(join(FIXTURES, 'insecure-shoot.yaml'), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol JSON
type Json = any;

/** Applies protocol text edits (UTF-16 positions) to a text. */
function applyTextEdits(text: string, edits: Json[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function codes(d: { diagnostics: Json[] }): string[] {
  return d.diagnostics.map((x) => String(x.code));
}

const shoot = (body: string): string => `apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: s
  namespace: garden-dev
spec:
${body}  kubernetes:
    version: "1.30.1"
  provider:
    type: aws
`;

// ---------------------------------------------------------------- lifecycle

const lifecycle = suite('lsp: open, change, close');
let client: LspClient;
lifecycle.before(async () => {
  client = new LspClient();
});
lifecycle.after(async () => {
  await client.close();
});

lifecycle('initialize announces UTF-16 when the client offers nothing else', async () => {
  const result = await client.initialize({}, { debounceMs: 0 });
  assert.is(result.capabilities.positionEncoding, 'utf-16');
  assert.is(result.capabilities.textDocumentSync.change, 2);
  assert.ok(result.capabilities.codeActionProvider);
  assert.ok(result.capabilities.hoverProvider);
  assert.is(result.serverInfo.name, 'shootlint');
});

lifecycle('open publishes diagnostics with code, docs link, source and severity', async () => {
  const uri = 'file:///virtual/open.yaml';
  await client.open(uri, INSECURE, 1);
  const d = await client.waitFor((p) => p.uri === uri && p.version === 1);
  const dash = d.diagnostics.find((x) => x.code === '242395');
  assert.ok(dash, `242395 in ${codes(d)}`);
  assert.equal(dash.range, { start: { line: 9, character: 15 }, end: { line: 9, character: 19 } });
  assert.is(dash.source, 'shootlint');
  assert.is(dash.codeDescription.href, 'https://github.com/shootlint/shootlint/blob/main/rules/242395.md');
  assert.ok(dash.severity === 1 || dash.severity === 2);
  const alpha = d.diagnostics.find((x) => x.code === '242400');
  assert.ok(alpha, `242400 in ${codes(d)}`);
  assert.is(alpha.range.start.line, 14);
});

lifecycle('an incremental change re-lints the latest version', async () => {
  const uri = 'file:///virtual/open.yaml';
  // "enabled: true" → "enabled: false" on line 10 (0-based 9), characters 15-19.
  await client.change(uri, 2, [{ range: { start: { line: 9, character: 15 }, end: { line: 9, character: 19 } }, text: 'false' }]);
  const d = await client.waitFor((p) => p.uri === uri && p.version === 2);
  assert.not.ok(codes(d).includes('242395'), codes(d).join(','));
  assert.ok(codes(d).includes('242400'));
});

lifecycle('rapid changes: the last version wins', async () => {
  const uri = 'file:///virtual/open.yaml';
  for (let v = 3; v <= 8; v++) {
    const text = v % 2 ? INSECURE : INSECURE.replace('enabled: true', 'enabled: false');
    await client.change(uri, v, [{ text }]);
  }
  const d = await client.waitFor((p) => p.uri === uri && p.version === 8);
  assert.not.ok(codes(d).includes('242395'));
  // Nothing older arrives after the newest.
  await new Promise((r) => setTimeout(r, 200));
  const last = client.received.filter((p) => p.uri === uri).pop()!;
  assert.is(last.version, 8);
});

lifecycle('close clears the document\'s diagnostics', async () => {
  const uri = 'file:///virtual/open.yaml';
  const before = client.received.length;
  await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const d = await client.waitFor((p) => p.uri === uri && p.diagnostics.length === 0 && client.received.indexOf(p) >= before);
  assert.equal(d.diagnostics, []);
});

lifecycle.run();

// ---------------------------------------------------------------- encodings

const FLOW = shoot('  addons:\n    kubernetesDashboard: { note: "😀 für", enabled: true }\n');
const FLOW_LINE = '    kubernetesDashboard: { note: "😀 für", enabled: true }';

const utf16 = suite('lsp: positions in UTF-16');
utf16('a non-ASCII comment before the finding on the same line counts UTF-16 code units', async () => {
  const c = new LspClient();
  try {
    const init = await c.initialize({ general: { positionEncodings: ['utf-16'] } }, { debounceMs: 0 });
    assert.is(init.capabilities.positionEncoding, 'utf-16');
    await c.open('file:///virtual/flow.yaml', FLOW);
    const d = await c.waitFor((p) => p.uri === 'file:///virtual/flow.yaml');
    const dash = d.diagnostics.find((x) => x.code === '242395');
    const col = FLOW_LINE.indexOf('true');
    assert.equal(dash.range, { start: { line: 7, character: col }, end: { line: 7, character: col + 4 } });
    assert.is(col, 52); // the emoji is two UTF-16 units, ü one
  } finally {
    await c.close();
  }
});
utf16.run();

const utf8 = suite('lsp: UTF-8 negotiation');
utf8('utf-8 is chosen when offered; columns count bytes, also in incoming changes', async () => {
  const c = new LspClient();
  try {
    const init = await c.initialize({ general: { positionEncodings: ['utf-32', 'utf-8', 'utf-16'] } }, { debounceMs: 0 });
    assert.is(init.capabilities.positionEncoding, 'utf-8');
    const uri = 'file:///virtual/flow8.yaml';
    await c.open(uri, FLOW);
    const d = await c.waitFor((p) => p.uri === uri && p.version === 1);
    const dash = d.diagnostics.find((x) => x.code === '242395');
    const col = Buffer.byteLength(FLOW_LINE.slice(0, FLOW_LINE.indexOf('true')));
    assert.is(col, 55); // emoji 4 bytes, ü 2 bytes
    assert.equal(dash.range, { start: { line: 7, character: col }, end: { line: 7, character: col + 4 } });
    // An edit addressed in UTF-8 bytes lands where it should.
    await c.change(uri, 2, [{ range: { start: { line: 7, character: col }, end: { line: 7, character: col + 4 } }, text: 'false' }]);
    const d2 = await c.waitFor((p) => p.uri === uri && p.version === 2);
    assert.not.ok(codes(d2).includes('242395'), codes(d2).join(','));
    assert.not.ok(codes(d2).includes('parse-error'));
  } finally {
    await c.close();
  }
});
utf8.run();

// ---------------------------------------------------------------- actions and hover

const actions = suite('lsp: quick fixes, suppression, hover');
actions('the preferred quick fix applies cleanly and the document re-lints without the finding', async () => {
  const c = new LspClient();
  try {
    await c.initialize({}, { debounceMs: 0 });
    const uri = 'file:///virtual/fix.yaml';
    await c.open(uri, INSECURE);
    const d = await c.waitFor((p) => p.uri === uri && p.version === 1);
    const alpha = d.diagnostics.find((x) => x.code === '242400');
    const list: Json[] = await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: alpha.range, context: { diagnostics: [alpha] } });
    const fix = list.find((a) => a.isPreferred && a.diagnostics.some((x: Json) => x.code === '242400'));
    assert.ok(fix, JSON.stringify(list.map((a) => a.title)));
    assert.is(fix.kind, 'quickfix');
    const fixed = applyTextEdits(INSECURE, fix.edit.changes[uri]);
    assert.not.match(fixed, /AllAlpha/);
    assert.match(fixed, /name: insecure {3}# keep this comment/);
    await c.change(uri, 2, [{ text: fixed }]);
    const after = await c.waitFor((p) => p.uri === uri && p.version === 2);
    assert.not.ok(codes(after).includes('242400'), codes(after).join(','));
    assert.not.ok(codes(after).includes('parse-error'));

    // Suppression: a comment above the line, at its indentation, with no reason until the user types one.
    const dash = after.diagnostics.find((x) => x.code === '242395');
    const list2: Json[] = await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: dash.range, context: { diagnostics: [dash] } });
    const sup = list2.find((a) => a.title === 'Suppress 242395 for this line (type the reason)');
    assert.ok(sup, list2.map((a) => a.title).join(' | '));
    assert.not.ok(sup.isPreferred);
    const edit = sup.edit.changes[uri][0];
    assert.equal(edit.range.start, { line: dash.range.start.line, character: 0 });
    assert.is(edit.newText, '      # shootlint-disable-next-line 242395 -- \n');
    // Left as it is, the comment is no justification: the finding stays and the directive is reported.
    await c.change(uri, 3, [{ text: applyTextEdits(fixed, [edit]) }]);
    const unjustified = await c.waitFor((p) => p.uri === uri && p.version === 3);
    assert.ok(codes(unjustified).includes('242395'), codes(unjustified).join(','));
    assert.match(unjustified.diagnostics.find((x) => x.code === 'invalid-suppression')?.message ?? '', /no reason/);

    // Hover on the finding: title, rationale, STIG ids.
    const dashNow = unjustified.diagnostics.find((x) => x.code === '242395');
    const hover: Json = await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: dashNow.range.start });
    assert.is(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /The Kubernetes dashboard addon must not be enabled/);
    assert.match(hover.contents.value, /V-242395/);
    assert.match(hover.contents.value, /dashboard gives a web UI/);
    const none = await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.is(none, null);
  } finally {
    await c.close();
  }
});

actions('with snippet edit support the suppression is a snippet whose reason the user types', async () => {
  const c = new LspClient();
  try {
    await c.initialize({ workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } }, { debounceMs: 0 });
    const uri = 'file:///virtual/snippet.yaml';
    await c.open(uri, INSECURE);
    const d = await c.waitFor((p) => p.uri === uri && p.version === 1);
    const dash = d.diagnostics.find((x) => x.code === '242395');
    const list: Json[] = await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: dash.range, context: { diagnostics: [dash] } });
    const sup = list.find((a) => a.title.startsWith('Suppress 242395'));
    assert.equal(sup.edit.documentChanges[0].textDocument, { uri, version: 1 });
    const edit = sup.edit.documentChanges[0].edits[0];
    assert.equal(edit.range, { start: { line: dash.range.start.line, character: 0 }, end: { line: dash.range.start.line, character: 0 } });
    assert.equal(edit.snippet, { kind: 'snippet', value: '      # shootlint-disable-next-line 242395 -- $1\n' });
  } finally {
    await c.close();
  }
});

actions('review fixes (anonymous auth, audit extension) are offered but not preferred; safe ones are', async () => {
  const c = new LspClient();
  try {
    await c.initialize({}, { debounceMs: 0 });
    const uri = 'file:///virtual/review.yaml';
    const text = INSECURE.replace('    kubeAPIServer:\n', '    kubeAPIServer:\n      enableAnonymousAuthentication: true\n');
    await c.open(uri, text);
    const d = await c.waitFor((p) => p.uri === uri);
    const byCode = async (code: string): Promise<Json[]> => {
      const diag = d.diagnostics.find((x) => x.code === code);
      assert.ok(diag, `${code} in ${codes(d)}`);
      const list: Json[] = await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
      return list.filter((a) => !a.title.startsWith('Suppress'));
    };
    const anonymous = await byCode('242390');
    assert.equal(anonymous.map((a) => [a.title, Boolean(a.isPreferred)]), [['Set enableAnonymousAuthentication to false (review: may change behaviour)', false]]);
    const audit = await byCode('242402');
    assert.ok(audit.length === 1 && !audit[0].isPreferred && /review/.test(audit[0].title), JSON.stringify(audit));
    const dashboard = await byCode('242395');
    assert.equal(dashboard.map((a) => Boolean(a.isPreferred)), [true]);
  } finally {
    await c.close();
  }
});

actions('no suppression comment is offered inside a block scalar, where it would only be text', async () => {
  const c = new LspClient();
  try {
    await c.initialize({}, { debounceMs: 0 });
    const uri = 'file:///virtual/embedded.yaml';
    const dir = join(FIXTURES, 'workspace');
    const text = `${readFileSync(join(dir, 'shoot.yaml'), 'utf8')}---\n${readFileSync(join(dir, 'audit-policy.yaml'), 'utf8')}`;
    await c.open(uri, text);
    const d = await c.waitFor((p) => p.uri === uri);
    const inPolicy = d.diagnostics.find((x) => x.code === '242403' && text.split('\n')[x.range.start.line]!.includes('- level: Metadata'));
    assert.ok(inPolicy, JSON.stringify(d.diagnostics.map((x) => [x.code, x.range.start.line])));
    const list: Json[] = await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: inPolicy.range, context: { diagnostics: [inPolicy] } });
    assert.not.ok(list.some((a) => a.title.startsWith('Suppress 242403') && a.diagnostics.some((x: Json) => x.range.start.line === inPolicy.range.start.line)), JSON.stringify(list.map((a) => a.title)));
  } finally {
    await c.close();
  }
});

actions('unsafe fixes are offered but never preferred', async () => {
  const c = new LspClient();
  try {
    await c.initialize({}, { debounceMs: 0 });
    const uri = 'file:///virtual/unsafe.yaml';
    await c.open(uri, INSECURE);
    const d = await c.waitFor((p) => p.uri === uri);
    const all: Json[] = [];
    for (const diag of d.diagnostics) {
      all.push(...(await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } }) as Json[]));
    }
    const unsafe = all.filter((a) => /review/.test(a.title));
    assert.ok(unsafe.length > 0, all.map((a) => a.title).join(' | '));
    assert.ok(unsafe.every((a) => a.kind === 'quickfix' && !a.isPreferred));
  } finally {
    await c.close();
  }
});
actions.run();

// ---------------------------------------------------------------- workspace

const workspace = suite('lsp: workspace files');
workspace('a Shoot resolves its audit-policy ConfigMap from another file; the finding points there', async () => {
  const c = new LspClient();
  try {
    const folder = join(FIXTURES, 'workspace');
    await c.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { debounceMs: 0 }, [folder]);
    const shootPath = join(folder, 'shoot.yaml');
    const uri = pathToFileURL(shootPath).href;
    await c.open(uri, readFileSync(shootPath, 'utf8'));
    const d = await c.waitFor((p) => p.uri === uri);
    // Only open documents get diagnostics.
    assert.ok(c.received.every((p) => !p.uri.endsWith('audit-policy.yaml')));
    const audit = d.diagnostics.find((x) => x.code === '242403');
    assert.ok(audit, codes(d).join(','));
    assert.not.match(audit.message, /not among the linted files/);
    assert.match(audit.message, /catch-all/);
    assert.is(audit.range.start.line, 13); // the configMapRef name
    const rel = audit.relatedInformation?.[0];
    assert.ok(rel);
    assert.is(rel.location.uri, pathToFileURL(join(folder, 'audit-policy.yaml')).href);
    assert.is(rel.location.range.start.line, 10); // `- level: Metadata` inside the policy
  } finally {
    await c.close();
  }
});
workspace.run();

// ---------------------------------------------------------------- robustness

const robust = suite('lsp: malformed input');
robust('bad params, unknown methods and a 5 MB document get answers, not a crash', async () => {
  const c = new LspClient();
  try {
    await c.initialize({}, { debounceMs: 0 });
    // Unknown request: MethodNotFound.
    let error: Json;
    try {
      await c.rpc.sendRequest('shootlint/doesNotExist', { x: 1 });
    } catch (e) {
      error = e;
    }
    assert.is(error?.code, -32601);
    // Bad params: empty answers.
    assert.equal(await c.rpc.sendRequest('textDocument/codeAction', {}), []);
    assert.equal(await c.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///nope.yaml' }, range: { start: { line: -1, character: 'x' }, end: null }, context: {} }), []);
    assert.is(await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri: 42 }, position: null }), null);
    await c.rpc.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.yaml', version: 3 }, contentChanges: [{ text: 'x' }] });
    await c.rpc.sendNotification('textDocument/didOpen', { textDocument: null });
    await c.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 7, type: 'x' }] });

    // 5 MB: a clear warning instead of minutes of linting.
    const big = `# big\n${'x: '.concat('a'.repeat(100)).concat('\n').repeat(50_000)}`;
    assert.ok(big.length > 5_000_000);
    const uri = 'file:///virtual/big.yaml';
    const started = Date.now();
    await c.open(uri, big);
    const d = await c.waitFor((p) => p.uri === uri);
    assert.is(d.diagnostics.length, 1);
    assert.is(d.diagnostics[0].code, 'too-large');
    assert.ok(Date.now() - started < 10_000);

    // Still alive and correct.
    await c.open('file:///virtual/after.yaml', INSECURE);
    const ok = await c.waitFor((p) => p.uri === 'file:///virtual/after.yaml');
    assert.ok(codes(ok).includes('242395'));
    assert.is(c.child.exitCode, null);
  } finally {
    await c.close();
  }
});
robust.run();
