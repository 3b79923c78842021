/**
 * The engine's public data types. The engine is pure: text in, results out.
 * Offsets are the truth; 1-based line/column (UTF-16 code units, as editors
 * count) are derived once, in `positions.ts`, and carried by every message.
 */

/** A path into a Kubernetes object, from its root: ['spec', 'provider', 'workers', 0, 'name']. */
export type YamlPath = readonly (string | number)[];

/** Lint level: 2 error, 1 warning (ESLint's numbers, so its tooling reads our JSON). */
export type Severity = 1 | 2;
export type SeverityName = 'error' | 'warning' | 'off';

export type State =
  | 'pass'
  | 'fail'
  | 'not-applicable'
  | 'unverifiable'
  | 'suppressed'
  | 'parse-error'
  | 'unsupported-api-version'
  | 'invalid-suppression';

/** A source text the engine lints; `path` is only a name to the engine, never opened. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  /**
   * Set by the reader when the file's bytes were not valid UTF-8 (`text` then
   * holds U+FFFD for them): the offset in `text` of the first replacement and
   * the value of the first bad byte. The engine reports it as `non-utf8`.
   */
  readonly nonUtf8?: { readonly offset: number; readonly byte: number };
  /**
   * The render the text came from (a kustomization or chart): references from
   * its objects resolve among the objects of the same render first.
   */
  readonly scope?: string;
}

export interface Span {
  readonly offset: number;
  readonly endOffset: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiVersion?: string;
  /** The kustomization or chart (folder) whose render produced the object, when it was rendered. */
  readonly overlay?: string;
}

export interface StigRef {
  readonly release: string;
  readonly vulnId: string;
  readonly ruleId: string;
  readonly stigId?: string;
  readonly severity: 'high' | 'medium' | 'low';
  readonly cat: 'I' | 'II' | 'III';
}

/** A place a finding refers to besides its own (the ConfigMap an audit policy lives in). */
export interface RelatedLocation extends Span {
  readonly filePath: string;
  readonly message: string;
  readonly path?: string;
}

/** One edit of a fix, by path inside the object the finding belongs to. */
export type FixOp =
  | { readonly op: 'set'; readonly path: YamlPath; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: YamlPath };

/** `safe` fixes are applied by `--fix`; `review` ones only on request (`--fix-type review`, `--fix-all`). */
export type FixType = 'safe' | 'review';

export interface Fix {
  /** Short imperative title, e.g. "Set sshAccess.enabled to false". */
  readonly title: string;
  readonly ops: readonly FixOp[];
  /**
   * Safe fixes are applied by `--fix` and preferred in editors; the others are
   * `review` fixes (see RuleMeta.fixType). On a LintMessage this already
   * combines the rule's own marking with its meta.fixType.
   */
  readonly safe: boolean;
}

export interface Suppression {
  readonly kind: 'comment' | 'annotation' | 'config' | 'baseline';
  readonly justification: string;
  readonly until?: string;
}

export interface LintMessage extends Span {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly state: State;
  /** Dotted YAML path inside the object, e.g. spec.provider.workers[1].kubernetes.kubelet. */
  readonly path: string;
  readonly object?: ObjectRef;
  readonly stig?: StigRef;
  /** Human fix hint (text). */
  readonly fix?: string;
  /** Machine-applicable fix, when the rule has one. */
  readonly fixOps?: Fix;
  readonly relatedLocations?: readonly RelatedLocation[];
  readonly suppressions?: readonly Suppression[];
  /** True when the value at `path` is a deprecated field (LSP tags it). */
  readonly deprecated?: boolean;
  /** Index of the YAML document in the file (0-based), for fixes. */
  readonly documentIndex?: number;
  /** Path from the document root to the object (['items', 3] inside a List). */
  readonly objectPath?: YamlPath;
}

/** Every decided (rule, object) result, failures and passes alike: the report's input. */
export interface RuleResult {
  readonly ruleId: string;
  readonly state: State;
  /** Lint level of a fail or unverifiable result (a check beyond the STIG inside a STIG rule is a warning). */
  readonly severity?: Severity;
  readonly message: string;
  readonly filePath: string;
  readonly object?: ObjectRef;
  readonly span?: Span;
  readonly path?: string;
  readonly evidence?: string;
  readonly suppressions?: readonly Suppression[];
}

export interface FileResult {
  readonly filePath: string;
  readonly messages: LintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** Suppressed messages are kept here (not in `messages`) with their justification. */
  readonly suppressedMessages: LintMessage[];
}

export interface LintOutput {
  readonly files: FileResult[];
  /** All results, including pass / not-applicable, in deterministic order. */
  readonly results: RuleResult[];
}
