/**
 * The language server (LSP 3.17 over stdio): diagnostics for open YAML/JSON
 * documents, linted together with the workspace folders' files; quick fixes,
 * "suppress for this line" and hover with the rule's rationale. It calls the
 * same engine and configuration as the CLI; only convert.ts speaks protocol
 * positions.
 */
import type {
  CodeAction,
  CodeActionParams,
  Connection,
  Diagnostic,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  WorkspaceFolder,
} from 'vscode-languageserver';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { parseFile } from '../engine/document.ts';
import type { ParsedFile } from '../engine/document.ts';
import { lintParsed } from '../engine/lint.ts';
import { isRecord } from '../engine/record.ts';
import type { AnyRule } from '../engine/rule.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { LintMessage } from '../engine/types.ts';
import { fixEdit, suppressionEdit } from '../fix/apply.ts';
import { RULES } from '../../rules/index.ts';
import pkg from '../../package.json' with { type: 'json' };
import { CONFIG_FILE, createConfigSource } from './config.ts';
import type { ConfigSource } from './config.ts';
import type { PositionEncoding, TextPositions } from './convert.ts';
import { negotiateEncoding, NOT_RULE_IDS, TextPositions as Positions, toDiagnostic, toTextEdit } from './convert.ts';
import { Documents, isLintable, pathToUri, uriToPath } from './documents.ts';
import type { OpenDocument } from './documents.ts';
import { WorkspaceFiles } from './workspace.ts';

export interface ServerOptions {
  /** Wait this long after the last change before linting (initializationOptions.debounceMs). */
  readonly debounceMs: number;
  /** Open documents larger than this are not linted (initializationOptions.maxDocumentBytes). */
  readonly maxDocumentBytes: number;
}

export const DEFAULT_OPTIONS: ServerOptions = { debounceMs: 75, maxDocumentBytes: 1024 * 1024 };


interface Published {
  readonly version: number;
  readonly text: string;
  readonly messages: readonly LintMessage[];
  readonly diagnostics: readonly Diagnostic[];
  readonly key: string;
}

function readOptions(raw: unknown): ServerOptions {
  const o = isRecord(raw) ? raw : {};
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return { debounceMs: num(o.debounceMs, DEFAULT_OPTIONS.debounceMs), maxDocumentBytes: num(o.maxDocumentBytes, DEFAULT_OPTIONS.maxDocumentBytes) };
}

export class ShootlintServer {
  private encoding: PositionEncoding = 'utf-16';
  private options: ServerOptions = DEFAULT_OPTIONS;
  private readonly documents = new Documents();
  private readonly workspace = new WorkspaceFiles();
  private readonly config: ConfigSource;
  /** Pending lint of each document: cancels it. */
  private readonly timers = new Map<string, () => void>();
  private readonly published = new Map<string, Published>();
  /** Findings shown in an open document on behalf of another file: no fix, no suppression here. */
  private readonly mirrored = new WeakSet<LintMessage>();
  private readonly parsedOpen = new WeakMap<OpenDocument, { text: string; parsed: ParsedFile }>();
  private folders: string[] = [];
  private watchDynamic = false;
  private foldersDynamic = false;

  constructor(
    private readonly connection: Connection,
    private readonly rules: readonly AnyRule[] = RULES,
  ) {
    this.config = createConfigSource(rules);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => this.initialized());
    c.onDidOpenTextDocument((p) => {
      const d = p?.textDocument;
      if (!d || typeof d.uri !== 'string' || typeof d.text !== 'string') return;
      const doc = this.documents.open(d.uri, d.languageId ?? '', d.version ?? 0, d.text);
      this.schedule(doc, 0);
    });
    c.onDidChangeTextDocument((p) => {
      if (!p?.textDocument || !Array.isArray(p.contentChanges)) return;
      const doc = this.documents.change(p.textDocument.uri, p.textDocument.version ?? 0, p.contentChanges, this.encoding);
      if (doc) this.schedule(doc, this.options.debounceMs);
    });
    c.onDidCloseTextDocument((p) => {
      const uri = p?.textDocument?.uri;
      if (typeof uri !== 'string') return;
      const doc = this.documents.close(uri);
      this.timers.get(uri)?.();
      this.timers.delete(uri);
      this.published.delete(uri);
      if (doc) void c.sendDiagnostics({ uri, diagnostics: [] });
      // Its disk text (if any) is what other documents see now.
      if (doc && this.workspace.contains(doc.path)) this.workspace.update(doc.path, false);
      this.relintOpen();
    });
    c.onDidSaveTextDocument((p) => {
      const path = p?.textDocument?.uri ? uriToPath(p.textDocument.uri) : undefined;
      if (path && this.workspace.contains(path)) this.workspace.update(path, false);
    });
    c.onDidChangeWatchedFiles((p) => {
      let configChanged = false;
      for (const ch of p?.changes ?? []) {
        if (typeof ch?.uri !== 'string') continue;
        const path = uriToPath(ch.uri);
        if (CONFIG_FILE.test(path)) configChanged = true;
        else this.workspace.update(path, ch.type === FileChangeType.Deleted);
      }
      if (configChanged) this.config.reload();
      this.relintOpen();
    });
    c.onCodeAction((p) => this.codeActions(p));
    c.onHover((p) => this.hover(p));
    c.onShutdown(() => {
      for (const cancel of this.timers.values()) cancel();
      this.timers.clear();
    });
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.encoding = negotiateEncoding(params?.capabilities?.general?.positionEncodings);
    this.options = readOptions(params?.initializationOptions);
    this.watchDynamic = Boolean(params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.foldersDynamic = Boolean(params?.capabilities?.workspace?.workspaceFolders);
    const folders: WorkspaceFolder[] = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : [];
    const uris = folders.length ? folders.map((f) => f.uri) : params?.rootUri ? [params.rootUri] : [];
    this.folders = uris.filter((u) => typeof u === 'string' && u.startsWith('file:')).map(uriToPath);
    if (!this.folders.length && typeof params?.rootPath === 'string') this.folders = [params.rootPath];
    return {
      capabilities: {
        positionEncoding: this.encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'shootlint', version: pkg.version },
    };
  }

  private initialized(): void {
    this.workspace.setFolders(this.folders);
    if (this.watchDynamic) {
      void this.connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/.shootlint.{yaml,yml,json}' }],
        })
        .catch(() => undefined);
    }
    if (this.foldersDynamic) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const f of e.removed) this.workspace.removeFolder(uriToPath(f.uri));
          for (const f of e.added) this.workspace.addFolder(uriToPath(f.uri));
          this.relintOpen();
        });
      } catch {
        // The client did not announce the capability after all.
      }
    }
    this.relintOpen();
  }

  // ------------------------------------------------------------ linting

  /** Lints a document after `delay` ms of quiet; a newer change restarts the wait (latest version wins). */
  private schedule(doc: OpenDocument, delay: number): void {
    this.timers.get(doc.uri)?.();
    const run = (): void => {
      this.timers.delete(doc.uri);
      if (this.documents.get(doc.uri) !== doc) return; // closed meanwhile: drop
      this.lintAndPublish();
    };
    // No debounce: still after the messages already read (they may be newer versions), but without a timer's minimum wait.
    if (delay <= 0) {
      const immediate = setImmediate(run);
      this.timers.set(doc.uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(run, delay);
      this.timers.set(doc.uri, () => clearTimeout(timer));
    }
  }

  private relintOpen(): void {
    if (this.documents.all().length) this.lintAndPublish();
  }

  private parsedOf(doc: OpenDocument): ParsedFile {
    const cached = this.parsedOpen.get(doc);
    if (cached && cached.text === doc.text) return cached.parsed;
    const parsed = parseFile({ path: doc.path, text: doc.text });
    this.parsedOpen.set(doc, { text: doc.text, parsed });
    return parsed;
  }

  /**
   * Lints every open document together with the workspace files they may
   * refer to (open text wins over disk) and publishes diagnostics for the
   * open documents whose results changed.
   */
  private lintAndPublish(): void {
    const open = this.documents.all().filter((d) => isLintable(d.uri, d.languageId));
    const tooLarge = open.filter((d) => Buffer.byteLength(d.text) > this.options.maxDocumentBytes);
    const linted = open.filter((d) => !tooLarge.includes(d) && !this.config.ignored(d.path));
    const openPaths = new Set(open.map((d) => d.path));
    const parsed = [...linted.map((d) => this.parsedOf(d)), ...this.workspace.referenceFiles(openPaths)];
    let byPath = new Map<string, LintMessage[]>();
    if (linted.length) {
      const output = lintParsed(parsed, { files: [], config: this.config.base(), configForFile: (p) => this.config.forFile(p), rules: this.rules });
      byPath = new Map(output.files.map((f) => [f.filePath, [...f.messages]]));
      // A finding in a file that is not open (the audit-policy ConfigMap) whose
      // related location is in an open document (the Shoot's configMapRef) is
      // shown there too, pointing back at the finding.
      for (const f of output.files) {
        if (openPaths.has(f.filePath)) continue;
        for (const m of f.messages) {
          for (const r of m.relatedLocations ?? []) {
            const target = byPath.get(r.filePath);
            if (!target || !openPaths.has(r.filePath)) continue;
            const mirrored: LintMessage = {
              ...m,
              offset: r.offset, endOffset: r.endOffset, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn,
              relatedLocations: [{ filePath: f.filePath, message: `the finding, in ${f.filePath.split(/[\\/]/).pop()}`, offset: m.offset, endOffset: m.endOffset, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn }],
            };
            delete (mirrored as { fixOps?: unknown }).fixOps;
            this.mirrored.add(mirrored);
            target.push(mirrored);
          }
        }
      }
      for (const list of byPath.values()) list.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
    }
    for (const d of open) {
      let messages: LintMessage[] = byPath.get(d.path) ?? [];
      if (tooLarge.includes(d)) messages = [this.tooLargeMessage(d)];
      const issue = this.config.issueFor(d.path);
      if (issue) messages = [configMessage(issue), ...messages];
      this.publish(d, messages);
    }
  }

  private tooLargeMessage(d: OpenDocument): LintMessage {
    const mb = (n: number): string => (n / 1048576).toFixed(1);
    return {
      ruleId: 'too-large', ruleName: 'too-large', severity: 1, state: 'parse-error', path: '',
      message: `Not linted: the document is ${mb(Buffer.byteLength(d.text))} MiB, over the language server's ${mb(this.options.maxDocumentBytes)} MiB limit (initializationOptions.maxDocumentBytes). Run shootlint on it from the command line.`,
      offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
    };
  }

  private publish(doc: OpenDocument, messages: readonly LintMessage[]): void {
    const positions = this.documents.positions(doc);
    const diagnostics = messages.map((m) => toDiagnostic(m, positions, this.encoding, (p) => this.resolve(p)));
    const key = JSON.stringify(diagnostics);
    const prev = this.published.get(doc.uri);
    this.published.set(doc.uri, { version: doc.version, text: doc.text, messages, diagnostics, key });
    if (prev && prev.key === key && prev.version === doc.version) return;
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /** URI and line index of a file the engine reported on (related locations). */
  private resolve(path: string): { uri: string; positions: TextPositions } | undefined {
    const open = this.documents.byEnginePath(path);
    if (open) return { uri: open.uri, positions: this.documents.positions(open) };
    const text = this.workspace.text(path);
    if (text === undefined) return undefined;
    return { uri: pathToUri(path), positions: new Positions(text) };
  }

  /** Results for the document's current text, linting now if a lint is pending. */
  private fresh(uri: string): { doc: OpenDocument; result: Published } | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    let result = this.published.get(uri);
    if (!result || result.text !== doc.text || this.timers.has(uri)) {
      this.timers.get(uri)?.();
      this.timers.delete(uri);
      this.lintAndPublish();
      result = this.published.get(uri);
    }
    return result ? { doc, result } : undefined;
  }

  // ------------------------------------------------------------ code actions and hover

  private codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string' || !params.range) return [];
    const only = params.context?.only;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
    const found = this.fresh(uri);
    if (!found) return [];
    const { doc, result } = found;
    const positions = this.documents.positions(doc);
    const from = positions.offset(params.range.start, this.encoding);
    const to = Math.max(from, positions.offset(params.range.end, this.encoding));
    const json = /^json/i.test(doc.languageId) || /\.json$/i.test(doc.path);
    const actions: CodeAction[] = [];
    const suppressed = new Set<string>();
    const fixes = new Map<string, CodeAction>();
    result.messages.forEach((m, i) => {
      if (m.endOffset < from || m.offset > to) return;
      if (NOT_RULE_IDS.has(m.ruleId)) return;
      const diagnostic = result.diagnostics[i]!;
      if (m.fixOps) {
        const edit = fixEdit(doc.text, m);
        if (edit) {
          // Several findings can share one fix (six audit rules, one extension): offer it once.
          const same = `${m.fixOps.title}\u0000${edit.offset}\u0000${edit.endOffset}\u0000${edit.text}`;
          const existing = fixes.get(same);
          if (existing) existing.diagnostics!.push(diagnostic);
          else {
            const action: CodeAction = {
              title: m.fixOps.safe ? m.fixOps.title : `${m.fixOps.title} (review: may change behaviour)`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              ...(m.fixOps.safe ? { isPreferred: true } : {}),
              edit: { changes: { [uri]: [toTextEdit(edit, positions, this.encoding)] } },
            };
            fixes.set(same, action);
            actions.push(action);
          }
        }
      }
      const key = `${m.ruleId}:${m.line}`;
      if (!json && !suppressed.has(key) && !this.mirrored.has(m)) {
        suppressed.add(key);
        actions.push({
          title: `Suppress ${m.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [toTextEdit(suppressionEdit(doc.text, m.offset, m.ruleId), positions, this.encoding)] } },
        });
      }
    });
    return actions;
  }

  private hover(params: HoverParams): Hover | null {
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string' || !params.position) return null;
    const found = this.fresh(uri);
    if (!found) return null;
    const { doc, result } = found;
    const positions = this.documents.positions(doc);
    const at = positions.offset(params.position, this.encoding);
    const hits = result.messages.filter((m) => m.offset <= at && at <= m.endOffset && !NOT_RULE_IDS.has(m.ruleId));
    if (!hits.length) return null;
    const sections: string[] = [];
    const seen = new Set<string>();
    for (const m of hits) {
      if (seen.has(m.ruleId)) continue;
      seen.add(m.ruleId);
      const rule = this.rules.find((r) => r.meta.id === m.ruleId);
      const lines = [`**${m.ruleId}** (${m.ruleName}): ${rule?.meta.title ?? m.message}`];
      if (rule) lines.push('', rule.meta.rationale);
      const stigIds = rule?.meta.stigIds ?? [];
      if (stigIds.length || m.stig) {
        const ref = m.stig;
        const extra = ref ? ` (${[ref.ruleId, ref.stigId, `CAT ${ref.cat}`].filter(Boolean).join(', ')}; ${ref.release})` : '';
        lines.push('', `STIG: ${stigIds.map((s) => `V-${s}`).join(', ')}${extra}`);
      }
      if (rule?.meta.fix) lines.push('', `Fix: ${rule.meta.fix}`);
      lines.push('', `[Rule documentation](${ruleDocsUrl(m.ruleId)})`);
      sections.push(lines.join('\n'));
    }
    const first = hits[0]!;
    return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: positions.range(first.offset, first.endOffset, this.encoding) };
  }
}

function configMessage(issue: { configPath: string; message: string }): LintMessage {
  return {
    ruleId: 'config-error', ruleName: 'config-error', severity: 2, state: 'parse-error', path: '',
    message: `${issue.configPath}: ${issue.message}`,
    offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
  };
}

/** Starts the server on stdin/stdout; resolves when the connection ends (the library exits the process). */
export function startServer(): Promise<number> {
  // Standard output carries the protocol: nothing else may write there.
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  new ShootlintServer(connection).listen();
  return new Promise<number>(() => undefined);
}
