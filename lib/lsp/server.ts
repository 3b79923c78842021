/**
 * The language server (LSP 3.17 over stdio): diagnostics for open YAML/JSON
 * documents, judged in the context of the workspace folders (the repository
 * index of lib/run, as the command line does): an edit re-lints the edited
 * document with what it references and what references it, and republishes
 * the open documents it affects; quick fixes,
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
  TextEdit,
  WorkspaceEdit,
  WorkspaceFolder,
} from 'vscode-languageserver';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { lint, lintParsed } from '../engine/lint.ts';
import { EditorRenders } from '../render/editor.ts';
import { CONFIG_ERROR, NOT_RULE_IDS, TOO_LARGE } from '../engine/builtin-ids.ts';
import { inWorkspace } from '../engine/lookup-scope.ts';
import type { EngineConfig } from '../engine/settings.ts';
import { isFileComment } from '../engine/suppressions.ts';
import { isRecord } from '../engine/record.ts';
import type { AnyRule } from '../engine/rule.ts';
import { ruleDocsUrl } from '../engine/rule.ts';
import type { LintMessage } from '../engine/types.ts';
import { fixEdit, suppressionEdit, suppressionSnippet } from '../fix/apply.ts';
import { keepReported, planContext } from '../run/context.ts';
import type { ContextPlan } from '../run/context.ts';
import { RepoIndex } from '../run/repo-index.ts';
import { RULES } from '../../rules/index.ts';
import pkg from '../../package.json' with { type: 'json' };
import { CONFIG_FILE, createConfigSource } from './config.ts';
import type { ConfigSource } from './config.ts';
import type { PositionEncoding, TextPositions } from './convert.ts';
import { negotiateEncoding, TextPositions as Positions, toDiagnostic, toTextEdit } from './convert.ts';
import { Documents, isLintable, pathToUri, uriToPath } from './documents.ts';
import type { OpenDocument } from './documents.ts';
import { WorkspaceIndex } from './workspace.ts';

export interface ServerOptions {
  /**
   * Wait this long after the last change before linting (initializationOptions.debounceMs);
   * 0 lints once the changes already received are applied (those of one turn of the event loop).
   */
  readonly debounceMs: number;
  /** Open documents larger than this are not linted (initializationOptions.maxDocumentBytes). */
  readonly maxDocumentBytes: number;
}

export const DEFAULT_OPTIONS: ServerOptions = { debounceMs: 0, maxDocumentBytes: 1024 * 1024 };
/** Workspaces with more files than this show indexing progress (window/workDoneProgress). */
const PROGRESS_FROM_FILES = 1000;
const EMPTY_INDEX = new RepoIndex('/');


interface Published {
  readonly version: number;
  readonly text: string;
  readonly messages: readonly LintMessage[];
  readonly diagnostics: readonly Diagnostic[];
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
  private readonly workspace: WorkspaceIndex;
  private readonly config: ConfigSource;
  private readonly renders: EditorRenders;
  /** Documents changed since the last lint, and the pending lint (cancels it). */
  private readonly dirty = new Set<OpenDocument>();
  private pending: (() => void) | undefined;
  private readonly published = new Map<string, Published>();
  /** Findings shown in an open document on behalf of another file: no fix, no suppression here. */
  private readonly mirrored = new WeakSet<LintMessage>();
  private folders: string[] = [];
  private watchDynamic = false;
  /** The client takes snippet text edits in workspace edits (LSP 3.18 `workspaceEdit.snippetEditSupport`). */
  private snippetEdits = false;
  private foldersDynamic = false;
  private progressCapable = false;
  private indexProgress: ((files: number) => void) | undefined;
  private readonly rooted = new Map<string, (config: EngineConfig) => EngineConfig>();

  constructor(
    private readonly connection: Connection,
    private readonly rules: readonly AnyRule[] = RULES,
  ) {
    this.config = createConfigSource(rules);
    this.workspace = new WorkspaceIndex({ ignored: (p) => this.config.ignored(p), progress: (n) => this.indexProgress?.(n) });
    this.renders = new EditorRenders({ env: process.env, lint: (files) => lint({ files, config: this.config.base(), configForFile: (p) => this.config.forFile(p), rules: this.rules }) });
  }

  /** Renders the kustomizations and charts that read an opened or saved document (lib/render/editor.ts); relints the open files they cover. */
  private render(doc: OpenDocument): void {
    if (!isLintable(doc.uri, doc.languageId)) return;
    const changed = new Set(this.renders.refresh(doc.path, this.folders.find((f) => doc.path.startsWith(`${f}/`))));
    for (const d of this.documents.all()) if (changed.has(d.path)) this.schedule(d, 0);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => this.initialized());
    c.onDidOpenTextDocument((p) => {
      const d = p?.textDocument;
      if (!d || typeof d.uri !== 'string' || typeof d.text !== 'string') return;
      const doc = this.documents.open(d.uri, d.languageId ?? '', d.version ?? 0, d.text);
      this.render(doc);
      this.schedule(doc, 0);
    });
    c.onDidSaveTextDocument((p) => {
      const doc = typeof p?.textDocument?.uri === 'string' ? this.documents.get(p.textDocument.uri) : undefined;
      if (doc) this.render(doc);
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
      if (doc) this.dirty.delete(doc);
      this.published.delete(uri);
      if (!doc) return;
      void c.sendDiagnostics({ uri, diagnostics: [] });
      // Its disk text (if any) is what other documents see now.
      this.workspace.close(doc.path);
      this.relintOpen();
    });
    c.onDidChangeWatchedFiles((p) => {
      let configChanged = false;
      for (const ch of p?.changes ?? []) {
        if (typeof ch?.uri !== 'string') continue;
        const path = uriToPath(ch.uri);
        if (CONFIG_FILE.test(path)) configChanged = true;
        else this.workspace.changedOnDisk(path, ch.type === FileChangeType.Deleted);
      }
      if (configChanged) {
        this.config.reload();
        this.rooted.clear();
        // Its ignore patterns decide what is indexed.
        void this.indexWorkspace();
      }
      this.relintOpen();
    });
    c.onCodeAction((p) => this.codeActions(p));
    c.onHover((p) => this.hover(p));
    c.onShutdown(() => {
      this.pending?.();
      this.pending = undefined;
      this.dirty.clear();
    });
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.encoding = negotiateEncoding(params?.capabilities?.general?.positionEncodings);
    this.options = readOptions(params?.initializationOptions);
    this.watchDynamic = Boolean(params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    this.foldersDynamic = Boolean(params?.capabilities?.workspace?.workspaceFolders);
    this.progressCapable = Boolean(params?.capabilities?.window?.workDoneProgress);
    const workspaceEdit = params?.capabilities?.workspace?.workspaceEdit as { snippetEditSupport?: unknown; documentChanges?: unknown } | undefined;
    this.snippetEdits = workspaceEdit?.snippetEditSupport === true && workspaceEdit.documentChanges === true;
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
    void this.indexWorkspace();
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
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          this.folders = [...this.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri))];
          void this.indexWorkspace();
        });
      } catch {
        // The client did not announce the capability after all.
      }
    }
  }

  /**
   * Indexes the workspace folders in the background; on a large workspace the
   * client shows progress. Until the index is complete, open documents are
   * linted with what is indexed so far and their unverifiable findings are
   * held back; once it is, they are linted again.
   */
  private async indexWorkspace(): Promise<void> {
    let reporter: { report(message: string): void; done(): void } | undefined;
    let starting: Promise<void> | undefined;
    const progress = (files: number): void => {
      if (!this.progressCapable || files < PROGRESS_FROM_FILES) return;
      if (!starting) {
        starting = this.connection.window
          .createWorkDoneProgress()
          .then((r) => {
            r.begin('shootlint: indexing the workspace', undefined, `${files} files`);
            reporter = r;
          })
          .catch(() => undefined);
      } else reporter?.report(`${files} files`);
    };
    this.indexProgress = progress;
    await this.workspace.setFolders(this.folders);
    await starting;
    reporter?.done();
    if (this.workspace.ready) this.relintOpen();
  }

  // ------------------------------------------------------------ linting

  /**
   * Lints the changed documents after `delay` ms of quiet (a newer change
   * restarts the wait); with no delay, once the messages already received
   * are applied, so the changes of one turn of the event loop are linted
   * together and only the latest version of each.
   */
  private schedule(doc: OpenDocument, delay: number): void {
    this.dirty.add(doc);
    if (this.pending && delay <= 0) return;
    this.pending?.();
    const run = (): void => {
      this.pending = undefined;
      this.flush();
    };
    if (delay <= 0) {
      const immediate = setImmediate(run);
      this.pending = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(run, delay);
      this.pending = () => clearTimeout(timer);
    }
  }

  /** Lints the changed documents now. */
  private flush(): void {
    this.pending?.();
    this.pending = undefined;
    const changed = [...this.dirty].filter((d) => this.documents.get(d.uri) === d);
    this.dirty.clear();
    if (changed.length) this.lintAndPublish(changed);
  }

  private relintOpen(): void {
    this.dirty.clear();
    this.pending?.();
    this.pending = undefined;
    const open = this.documents.all();
    if (open.length) this.lintAndPublish(open, false);
  }

  /**
   * Lints documents in the context of their workspace folder: the changed
   * documents, plus the open documents they reference or that reference them
   * (whose findings may change with them), together with the files of the
   * index they need (open text wins over disk; parses are reused). Publishes
   * diagnostics for those open documents whose results changed.
   */
  private lintAndPublish(changed: readonly OpenDocument[], spread = true): void {
    const lintable = (d: OpenDocument): boolean => isLintable(d.uri, d.languageId);
    const tooLarge = (d: OpenDocument): boolean => Buffer.byteLength(d.text) > this.options.maxDocumentBytes;
    for (const d of changed) if (lintable(d) && !tooLarge(d)) this.workspace.setOpen(d.path, d.text);
    let targets = changed.filter(lintable);
    const read = (p: string): string | undefined => this.workspace.read(p);
    const linted = (ds: readonly OpenDocument[]): OpenDocument[] => ds.filter((d) => !tooLarge(d) && !this.config.ignored(d.path) && !this.renders.covers(d.path));
    const byIndex = (ds: readonly OpenDocument[]): Map<RepoIndex, OpenDocument[]> => {
      const groups = new Map<RepoIndex, OpenDocument[]>();
      for (const d of ds) {
        const index = this.workspace.indexFor(d.path) ?? EMPTY_INDEX;
        groups.set(index, [...(groups.get(index) ?? []), d]);
      }
      return groups;
    };
    const planOf = (index: RepoIndex, ds: readonly OpenDocument[]): ContextPlan =>
      planContext(ds.map((d) => ({ path: d.path, text: d.text })), index, { cwd: '/', absolute: true, read });
    /** Plans made while spreading, reused for a group that gained no documents. */
    const planned = new Map<RepoIndex, { ds: readonly OpenDocument[]; plan: ContextPlan }>();
    if (spread) {
      // Open documents that the changed ones affect or need: their findings may change too.
      const open = new Map(this.documents.all().filter(lintable).map((d) => [d.path, d]));
      const more = new Set(targets);
      for (const [index, ds] of byIndex(linted(targets))) {
        const plan = planOf(index, ds);
        planned.set(index, { ds, plan });
        for (const f of plan.files) {
          const d = open.get(f.path);
          if (d) more.add(d);
        }
      }
      targets = [...more];
    }
    const byPath = new Map<string, LintMessage[]>();
    const ready = this.workspace.ready;
    for (const [index, ds] of byIndex(linted(targets))) {
      const earlier = planned.get(index);
      const plan = earlier && earlier.ds.length === ds.length ? earlier.plan : planOf(index, ds);
      const parsed = plan.files.map((f) => this.workspace.parsed(f.path, f.text));
      // In a workspace folder, a reference not found names the folder (lookup-scope.ts).
      const rooted = index === EMPTY_INDEX ? (c: EngineConfig): EngineConfig => c : this.inFolder(index.root);
      const request = { files: [], config: rooted(this.config.base()), configForFile: (p: string) => rooted(this.config.forFile(p)), rules: this.rules, collectPasses: false };
      const output = keepReported(lintParsed(parsed, request), plan);
      const given = new Set(ds.map((d) => d.path));
      for (const f of output.files) {
        // Until the index is complete, a reference not found yet may still be found.
        const messages = ready ? f.messages : f.messages.filter((m) => m.state !== 'unverifiable');
        if (given.has(f.filePath)) byPath.set(f.filePath, [...(byPath.get(f.filePath) ?? []), ...messages]);
        // A finding in another file (the audit-policy ConfigMap) whose related
        // location is in an open document (the Shoot's configMapRef) is shown
        // there too, pointing back at the finding.
        for (const m of messages) {
          for (const r of m.relatedLocations ?? []) {
            if (!given.has(r.filePath) || r.filePath === f.filePath) continue;
            const mirrored: LintMessage = {
              ...m,
              offset: r.offset, endOffset: r.endOffset, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn,
              relatedLocations: [{ filePath: f.filePath, message: `the finding, in ${f.filePath.split(/[\\/]/).pop()}`, offset: m.offset, endOffset: m.endOffset, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn }],
            };
            delete (mirrored as { fixOps?: unknown }).fixOps;
            this.mirrored.add(mirrored);
            byPath.set(r.filePath, [...(byPath.get(r.filePath) ?? []), mirrored]);
          }
        }
      }
    }
    for (const list of byPath.values()) list.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
    for (const d of targets) {
      let messages: LintMessage[] = this.renders.covers(d.path) ? this.renders.messagesFor(d.path) : (byPath.get(d.path) ?? []);
      if (tooLarge(d)) messages = [this.tooLargeMessage(d)];
      const issue = this.config.issueFor(d.path);
      if (issue) messages = [configMessage(issue), ...messages];
      this.publish(d, messages);
    }
  }

  /** The configurations of files in the workspace folder `root` (one mapping per folder and configuration). */
  private inFolder(root: string): (config: EngineConfig) => EngineConfig {
    let rooted = this.rooted.get(root);
    if (!rooted) this.rooted.set(root, (rooted = inWorkspace(root)));
    return rooted;
  }

  private tooLargeMessage(d: OpenDocument): LintMessage {
    const mb = (n: number): string => (n / 1048576).toFixed(1);
    return {
      ruleId: TOO_LARGE, ruleName: TOO_LARGE, severity: 1, state: 'parse-error', path: '',
      message: `Not linted: the document is ${mb(Buffer.byteLength(d.text))} MiB, over the language server's ${mb(this.options.maxDocumentBytes)} MiB limit (initializationOptions.maxDocumentBytes). Run shootlint on it from the command line.`,
      offset: 0, endOffset: 0, line: 1, column: 1, endLine: 1, endColumn: 1,
    };
  }

  private publish(doc: OpenDocument, messages: readonly LintMessage[]): void {
    const positions = this.documents.positions(doc);
    const diagnostics = messages.map((m) => toDiagnostic(m, positions, this.encoding, (p) => this.resolve(p)));
    const prev = this.published.get(doc.uri);
    this.published.set(doc.uri, { version: doc.version, text: doc.text, messages, diagnostics });
    // The same version again (another document changed): send only what differs.
    if (prev && prev.version === doc.version && JSON.stringify(prev.diagnostics) === JSON.stringify(diagnostics)) return;
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /** URI and line index of a file the engine reported on (related locations). */
  private resolve(path: string): { uri: string; positions: TextPositions } | undefined {
    const open = this.documents.byEnginePath(path);
    if (open) return { uri: open.uri, positions: this.documents.positions(open) };
    const text = this.workspace.read(path);
    if (text === undefined) return undefined;
    return { uri: pathToUri(path), positions: new Positions(text) };
  }

  /** Results for the document's current text, linting now if a lint is pending. */
  private fresh(uri: string): { doc: OpenDocument; result: Published } | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    let result = this.published.get(uri);
    if (!result || result.text !== doc.text || this.dirty.has(doc)) {
      this.dirty.add(doc);
      this.flush();
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
      if (!json && !suppressed.has(key) && !this.mirrored.has(m) && this.commentable(doc.text, m.offset)) {
        suppressed.add(key);
        actions.push({
          title: `Suppress ${m.ruleId} for this line (type the reason)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: this.suppressEdit(doc, uri, m, positions),
        });
      }
    });
    return actions;
  }

  /**
   * Whether a suppression comment above the line at `offset` would be read as
   * one: inside a block scalar (an audit policy embedded in a ConfigMap) it
   * would only be text, and suppress nothing.
   */
  private commentable(text: string, offset: number): boolean {
    const edit = suppressionEdit(text, offset, 'x');
    const at = edit.offset + edit.text.indexOf('#');
    return isFileComment(text.slice(0, edit.offset) + edit.text + text.slice(edit.offset), at);
  }

  /**
   * The suppression comment, with the reason left for the user to type: a
   * snippet with the cursor at the reason where the client supports snippet
   * edits, else the comment with an empty reason (reported as a suppression
   * without a reason until one is written).
   */
  private suppressEdit(doc: OpenDocument, uri: string, m: LintMessage, positions: TextPositions): WorkspaceEdit {
    if (this.snippetEdits) {
      const s = suppressionSnippet(doc.text, m.offset, m.ruleId);
      const at = positions.range(s.offset, s.offset, this.encoding);
      const edit = { range: at, snippet: { kind: 'snippet', value: s.snippet } };
      return { documentChanges: [{ textDocument: { uri, version: doc.version }, edits: [edit as unknown as TextEdit] }] };
    }
    return { changes: { [uri]: [toTextEdit(suppressionEdit(doc.text, m.offset, m.ruleId), positions, this.encoding)] } };
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
    ruleId: CONFIG_ERROR, ruleName: CONFIG_ERROR, severity: 2, state: 'parse-error', path: '',
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
