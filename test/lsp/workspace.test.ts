/**
 * The language server judges open documents in the context of the workspace
 * folders, over JSON-RPC with the real server: no file cap, an edit of a
 * ConfigMap reaches the open Shoot that references it, and files created,
 * changed and deleted on disk (watched-file notifications) update results.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditedShoot, auditPolicy } from '../run/manifests.ts';
import { LspClient } from './client.ts';
import type { Diagnostics } from './client.ts';

const WATCH = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } };

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shootlint-lsp-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

const audit = (d: Diagnostics): { message: string; severity: number } | undefined => d.diagnostics.find((x) => x.code === '242403');

const lsp = suite('lsp: the workspace is the repository');

lsp('a workspace of more than 3,000 files resolves a reference in the last file, with progress while indexing', async () => {
  const root = folder({ 'shoot.yaml': auditedShoot('prod', 'zz-audit-policy'), 'zz-audit-policy.yaml': auditPolicy('zz-audit-policy', 'Metadata') });
  mkdirSync(join(root, 'filler'));
  for (let i = 0; i < 3100; i++) writeFileSync(join(root, 'filler', `cm-${String(i).padStart(4, '0')}.yaml`), auditPolicy(`filler-${i}`));
  const c = new LspClient();
  const progress: string[] = [];
  c.rpc.onNotification('$/progress', (p: { value: { kind: string } }) => void progress.push(p.value.kind));
  try {
    await c.initialize(WATCH, {}, [root]);
    const uri = pathToFileURL(join(root, 'shoot.yaml')).href;
    await c.open(uri, auditedShoot('prod', 'zz-audit-policy'));
    const d = await c.waitFor((p) => p.uri === uri && audit(p) !== undefined, 60_000);
    assert.match(audit(d)!.message, /catch-all rules\[1\] logs at Metadata/);
    assert.is(audit(d)!.severity, 1, 'an error (severity 1)');
    assert.ok(c.requests.some((r) => r.method === 'client/registerCapability'), 'the watcher is registered');
    assert.ok(c.requests.some((r) => r.method === 'window/workDoneProgress/create'), 'progress was created');
    assert.equal([progress[0], progress.at(-1)], ['begin', 'end']);
  } finally {
    await c.close();
    rmSync(root, { recursive: true, force: true });
  }
});

lsp('editing a ConfigMap updates the diagnostics of the open Shoot that references it', async () => {
  const root = folder({ 'shoot.yaml': auditedShoot('prod', 'prod-audit-policy'), 'policy.yaml': auditPolicy('prod-audit-policy') });
  const c = new LspClient();
  try {
    await c.initialize(WATCH, {}, [root]);
    const shootUri = pathToFileURL(join(root, 'shoot.yaml')).href;
    const policyUri = pathToFileURL(join(root, 'policy.yaml')).href;
    await c.open(shootUri, auditedShoot('prod', 'prod-audit-policy'));
    await c.open(policyUri, auditPolicy('prod-audit-policy'));
    await c.waitFor((p) => p.uri === policyUri);
    const before = c.received.filter((p) => p.uri === shootUri).at(-1)!;
    assert.is(audit(before), undefined);
    await c.change(policyUri, 2, [{ text: auditPolicy('prod-audit-policy', 'None') }]);
    const weakened = await c.waitFor((p) => p.uri === shootUri && audit(p) !== undefined);
    assert.match(audit(weakened)!.message, /records nothing/);
    const inPolicy = await c.waitFor((p) => p.uri === policyUri && p.version === 2);
    assert.ok(audit(inPolicy), 'the finding is in the ConfigMap too');
    const n = c.received.length;
    await c.change(policyUri, 3, [{ text: auditPolicy('prod-audit-policy') }]);
    const fixed = await c.waitFor((p) => c.received.indexOf(p) >= n && p.uri === shootUri);
    assert.is(audit(fixed), undefined);
  } finally {
    await c.close();
    rmSync(root, { recursive: true, force: true });
  }
});

lsp('files created, changed and deleted on disk update the open Shoot', async () => {
  const root = folder({ 'shoot.yaml': auditedShoot('prod', 'prod-audit-policy') });
  const policy = join(root, 'policy.yaml');
  const c = new LspClient();
  const notify = (type: number): Promise<void> => c.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(policy).href, type }] });
  try {
    await c.initialize(WATCH, {}, [root]);
    const uri = pathToFileURL(join(root, 'shoot.yaml')).href;
    await c.open(uri, auditedShoot('prod', 'prod-audit-policy'));
    const missing = await c.waitFor((p) => p.uri === uri && audit(p) !== undefined);
    // Looked up in the workspace folder, which the message names.
    assert.ok(audit(missing)!.message.endsWith(`not found in the workspace ${root}.`), audit(missing)!.message);

    writeFileSync(policy, auditPolicy('prod-audit-policy', 'None'));
    let n = c.received.length;
    await notify(1);
    const created = await c.waitFor((p) => c.received.indexOf(p) >= n && p.uri === uri);
    assert.match(audit(created)!.message, /records nothing/);

    writeFileSync(policy, auditPolicy('prod-audit-policy'));
    n = c.received.length;
    await notify(2);
    const changed = await c.waitFor((p) => c.received.indexOf(p) >= n && p.uri === uri);
    assert.is(audit(changed), undefined);

    unlinkSync(policy);
    n = c.received.length;
    await notify(3);
    const deleted = await c.waitFor((p) => c.received.indexOf(p) >= n && p.uri === uri);
    assert.ok(audit(deleted)!.message.endsWith(`not found in the workspace ${root}.`), audit(deleted)!.message);
  } finally {
    await c.close();
    rmSync(root, { recursive: true, force: true });
  }
});

lsp.run();
