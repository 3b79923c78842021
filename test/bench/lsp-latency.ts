/**
 * Language server latency: time from `didChange` to the `publishDiagnostics`
 * of that version, for a 150-line and a 3,000-line Shoot over 50 edits each,
 * next to the same edited text linted by calling the engine directly.
 * Debounce is set to 0 (initializationOptions.debounceMs), so the figures are
 * the server's own work: applying the change, linting, converting, sending.
 *
 *   npm run build && npx tsx test/bench/lsp-latency.ts
 *
 * Uses dist/lsp.mjs (what users run) when built, else the source through tsx.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { defaultConfig } from '../../lib/engine/defaults.ts';
import { lint } from '../../lib/engine/lint.ts';
import { RULES } from '../../rules/index.ts';
import { CLI_FROM_SOURCE } from '../lsp/client.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const EDITS = 50;
/** Edits before measuring, so both sides run JIT-compiled code. */
const WARMUP = 10;

/** A realistic Shoot of about `lines` lines: header, then worker pools with kubelet settings and comments. */
function shootOf(lines: number): string {
  const head = `# Shoot of team ${lines}: generated for the latency benchmark.
apiVersion: core.gardener.cloud/v1beta1
kind: Shoot
metadata:
  name: bench-${lines}
  namespace: garden-bench
  labels:
    team: bench
spec:
  cloudProfile:
    name: aws
  region: eu-central-1
  credentialsBindingName: aws-credentials
  addons:
    kubernetesDashboard:
      enabled: true
  extensions:
    - type: auditing
  kubernetes:
    version: "1.30.1"
    kubeAPIServer:
      featureGates:
        AllAlpha: true   # to be removed
      auditConfig:
        auditPolicy:
          configMapRef:
            name: audit-policy
    kubelet:
      protectKernelDefaults: true
      streamingConnectionIdleTimeout: 5m
  networking:
    type: calico
    nodes: 10.250.0.0/16
  provider:
    type: aws
    workers:
`;
  const pool = (i: number): string => `      # pool ${i}
      - name: pool-${i}
        minimum: 1
        maximum: 3
        maxSurge: 1
        machine:
          type: m5.large
          image:
            name: gardenlinux
            version: 1592.9.0
        volume:
          type: gp3
          size: 50Gi
        zones:
          - eu-central-1a
        kubernetes:
          kubelet:
            protectKernelDefaults: true
            streamingConnectionIdleTimeout: 5m
`;
  let text = head;
  for (let i = 0; text.split('\n').length < lines - 3; i++) text += pool(i);
  return `${text}  maintenance:\n    autoUpdate:\n      kubernetesVersion: true\n`;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const fmt = (ms: number): string => `${ms.toFixed(2).padStart(7)} ms`;

async function main(): Promise<void> {
  const bundle = resolve(ROOT, 'dist', 'lsp.mjs');
  const argv = existsSync(bundle) ? [resolve(ROOT, 'bin', 'shootlint-lsp.js')] : [...CLI_FROM_SOURCE, 'lsp'];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<string, (v: number) => void>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const key = `${p.uri}#${p.version}`;
    waiting.get(key)?.(performance.now());
    waiting.delete(key);
  });
  rpc.onRequest(() => null);
  rpc.listen();
  await rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  await rpc.sendNotification('initialized', {});
  const published = (uri: string, version: number): Promise<number> => new Promise((r) => waiting.set(`${uri}#${version}`, r));

  console.log(`server: ${argv.includes('lsp') ? 'source (tsx)' : 'dist/lsp.mjs'}; ${EDITS} edits per document after ${WARMUP} warm-up edits; debounce 0\n`);
  console.log('document      edit → publishDiagnostics (LSP)   engine lint alone (same text)');
  console.log('                   p50        p95                p50        p95');
  for (const size of [150, 3000]) {
    const text = shootOf(size);
    const lines = text.split('\n');
    const uri = `file:///bench/shoot-${size}.yaml`;
    let done = published(uri, 0);
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 0, text } });
    await done;
    // Each edit changes one pool's `maximum` (incremental change, as editors send).
    const target = lines.findIndex((l) => l.includes('maximum: 3'));
    const col = lines[target]!.indexOf('3');
    const lsp: number[] = [];
    const engine: number[] = [];
    let current = text;
    for (let v = 1; v <= WARMUP + EDITS; v++) {
      const digit = String(3 + (v % 5));
      const prev = current.split('\n')[target]![col]!;
      current = current.split('\n').map((l, i) => (i === target ? l.slice(0, col) + digit + l.slice(col + 1) : l)).join('\n');
      done = published(uri, v);
      const t0 = performance.now();
      await rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: target, character: col }, end: { line: target, character: col + prev.length } }, text: digit }],
      });
      const at = await done;
      const e0 = performance.now();
      lint({ files: [{ path: 'shoot.yaml', text: current }], config: defaultConfig('2025-06-01'), rules: RULES });
      const e1 = performance.now();
      if (v <= WARMUP) continue;
      lsp.push(at - t0);
      engine.push(e1 - e0);
    }
    console.log(`${String(lines.length).padStart(5)} lines   ${fmt(percentile(lsp, 50))} ${fmt(percentile(lsp, 95))}        ${fmt(percentile(engine, 50))} ${fmt(percentile(engine, 95))}`);
  }
  await rpc.sendRequest('shutdown');
  await rpc.sendNotification('exit');
  rpc.dispose();
}

await main();
