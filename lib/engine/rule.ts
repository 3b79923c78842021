import type { KubeObject } from './document.ts';
import type { Settings } from './settings.ts';
import type { ShootModel } from './shoot/model.ts';
import type { Workspace } from './workspace.ts';
import type { Fix, FixType, SeverityName, YamlPath } from './types.ts';

export type RuleCategory = 'control-plane' | 'nodes' | 'audit' | 'workload' | 'gardener' | 'schema';

export interface RuleOption {
  readonly description: string;
  /** JSON Schema of the value (used to validate configuration and to write the docs). */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly default: unknown;
}

export interface RuleMeta {
  /** Canonical id: the STIG vuln id ("242393"), or a name for checks beyond the STIG. */
  readonly id: string;
  /** kebab-case name, accepted wherever an id is. */
  readonly name: string;
  /** One sentence, what the rule requires. */
  readonly title: string;
  readonly category: RuleCategory;
  /** STIG vuln ids this rule decides (usually [id]); empty for checks beyond the STIG. */
  readonly stigIds: readonly string[];
  /** Level of a failure unless configured; `off` means off unless configured. */
  readonly defaultSeverity: SeverityName;
  /** Markdown: why the rule matters. */
  readonly rationale: string;
  /** One line: how to fix a failure. */
  readonly fix: string;
  /** YAML that passes, shown in docs and hover. */
  readonly snippet?: string;
  readonly options?: Readonly<Record<string, RuleOption>>;
  /**
   * Risk of the rule's machine fixes. `safe`: applying one changes nothing a
   * person or workload relies on (`--fix` applies it, editors prefer it).
   * `review`: it can lock people out or change what runs (turning off anonymous
   * authentication, SSH, the static kubeconfig): only `--fix-type review` or
   * `--fix-all` apply it. A fix the rule itself marks `safe: false` is `review`
   * whatever this says. Rules without machine fixes leave it out.
   */
  readonly fixType?: FixType;
  /**
   * What to change when the machine fix is not valid in the selected Gardener
   * version's API (the field it writes was removed): the fix is then not
   * offered, and this is the finding's fix hint.
   */
  readonly fixInstead?: string;
  /** True when `strict` changes the verdict (a secure default is not enough). */
  readonly strictAware?: boolean;
  /** Links to the Gardener documentation or API reference the rule encodes. */
  readonly sources?: readonly string[];
}

export interface Related {
  readonly object: KubeObject;
  readonly at?: YamlPath;
  readonly message: string;
  /** Explicit offsets in the related object's file (inside a block scalar). */
  readonly range?: readonly [number, number];
}

export interface ReportDescriptor {
  /** Where the finding is: its file, position and suppressions. */
  readonly object: KubeObject;
  /**
   * The object the verdict is about, when that is not where the finding sits
   * (an audit policy's ConfigMap judged for the Shoot that references it): the
   * compliance report counts the result for the owner.
   */
  readonly owner?: KubeObject;
  /** Default `fail`. `pass` and `not-applicable` feed the compliance report only. */
  readonly state?: 'fail' | 'pass' | 'not-applicable' | 'unverifiable';
  readonly message: string;
  /** Where inside the object; a missing path points at its deepest existing ancestor. */
  readonly at?: YamlPath;
  /** Underline the key rather than the value. */
  readonly key?: boolean;
  /** Explicit offsets in the object's file (e.g. a line inside an embedded audit policy). */
  readonly range?: readonly [number, number];
  /** Lint level for this result regardless of the rule's (checks beyond the STIG inside a STIG rule are warnings). */
  readonly severity?: 'warning';
  readonly fix?: Fix;
  /**
   * The fix hint of this finding, when neither its fix's title nor the rule's
   * `meta.fix` says what to do here (e.g. "lint ConfigMap x with the Shoot").
   */
  readonly hint?: string;
  readonly related?: readonly Related[];
  /** For passes: what decided it ("Gardener default for Kubernetes 1.30"). */
  readonly evidence?: string;
  /** STIG vuln id this result is for, when the rule decides several (default: all of meta.stigIds). */
  readonly stigId?: string;
  /** Marks a finding about a deprecated field. */
  readonly deprecated?: boolean;
}

export interface RuleContext<O> {
  readonly options: O;
  readonly settings: Settings;
  readonly workspace: Workspace;
  report(descriptor: ReportDescriptor): void;
}

/**
 * A rule: metadata plus pure check functions. `checkShoot` runs for every
 * supported Shoot, `checkObject` for every other object, `checkWorkspace`
 * once per run (cross-document checks). Rules never touch files or output.
 */
export interface Rule<O = Record<string, unknown>> {
  readonly meta: RuleMeta;
  checkShoot?(shoot: ShootModel, ctx: RuleContext<O>): void;
  checkObject?(object: KubeObject, ctx: RuleContext<O>): void;
  checkWorkspace?(ctx: RuleContext<O>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds rules of every option type
export type AnyRule = Rule<any>;

/** Typed identity: gives a rule file its option type and checks its shape. */
export function defineRule<O = Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** Docs URL of a rule, derived from its id so no rule can get it wrong. */
export function ruleDocsUrl(id: string): string {
  return `https://github.com/shootlint/shootlint/blob/main/rules/${id}.md`;
}
