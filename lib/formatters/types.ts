import type { RuleMeta } from '../engine/rule.ts';
import type { FileResult, RuleResult } from '../engine/types.ts';

export interface FormatterContext {
  readonly cwd: string;
  readonly version: string;
  /** Metadata of every known rule, by id. */
  readonly rulesMeta: ReadonlyMap<string, RuleMeta>;
  /** Colour escapes allowed (a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Every decided result (pass, not-applicable, ...), for formatters that list them. */
  readonly results: readonly RuleResult[];
}

/**
 * A formatter turns results into text. It never computes positions: every
 * message carries its 1-based line/column span already.
 */
export type Formatter = (files: readonly FileResult[], ctx: FormatterContext) => string;
