/**
 * A JSON-RPC client for the language server tests: spawns the real server
 * (from source, through `shootlint lsp`) and speaks LSP over its stdio.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** argv that runs the CLI from source: `node <CLI_FROM_SOURCE...> lsp`. */
export const CLI_FROM_SOURCE = [
  '--import',
  pathToFileURL(resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
  '--input-type=module',
  '-e',
  `const { main } = await import(${JSON.stringify(pathToFileURL(resolve(ROOT, 'lib/cli/main.ts')).href)}); process.exitCode = await main(process.argv.slice(1));`,
];

export interface Diagnostics {
  readonly uri: string;
  readonly version?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol JSON as received
  readonly diagnostics: any[];
}

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly rpc: MessageConnection;
  readonly received: Diagnostics[] = [];
  /** Requests the server sent, in order. */
  readonly requests: { method: string; params: unknown }[] = [];
  private waiters: { test: (d: Diagnostics) => boolean; resolve: (d: Diagnostics) => void }[] = [];
  stderr = '';

  constructor(extraEnv: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'lsp'], { cwd: ROOT, env: { ...process.env, ...extraEnv } });
    this.child.stderr.on('data', (c) => (this.stderr += c));
    this.rpc = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.rpc.onNotification('textDocument/publishDiagnostics', (p: Diagnostics) => {
      this.received.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    // Answer the server's requests (dynamic registration, progress) like an editor would, and keep them.
    this.rpc.onRequest((method: string, params: unknown) => {
      this.requests.push({ method, params });
      return null;
    });
    this.rpc.listen();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol JSON
  async initialize(capabilities: any = {}, initializationOptions: any = { debounceMs: 0 }, workspaceFolders: string[] = []): Promise<any> {
    const result = await this.rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions,
      workspaceFolders: workspaceFolders.map((p) => ({ uri: pathToFileURL(p).href, name: p })),
    });
    await this.rpc.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first publishDiagnostics (already received or to come) that passes `test`. */
  waitFor(test: (d: Diagnostics) => boolean, timeoutMs = 15000): Promise<Diagnostics> {
    const already = this.received.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(-3))}\n${this.stderr}`)), timeoutMs);
      this.waiters.push({ test, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol JSON
  change(uri: string, version: number, contentChanges: any[]): Promise<void> {
    return this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.rpc.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((r) => {
      if (this.child.exitCode !== null) return r();
      const t = setTimeout(() => (this.child.kill(), r()), 3000);
      this.child.on('exit', () => (clearTimeout(t), r()));
    });
    this.rpc.dispose();
  }
}
