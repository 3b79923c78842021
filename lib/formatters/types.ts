import type { RuleMeta } from '../engine/rule.ts';
import type { FileResult, RuleResult } from '../engine/types.ts';
import type { Spool, Write } from '../run/sink.ts';

export interface FormatterContext {
  readonly cwd: string;
  readonly version: string;
  /** Metadata of every known rule, by id. */
  readonly rulesMeta: ReadonlyMap<string, RuleMeta>;
  /** Colour escapes allowed (a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Where a format keeps text written before what goes in front of it is known (default: memory). */
  readonly spool?: () => Spool;
}

/**
 * One document being written: the files of a run in the run's order, each
 * with its decided results (pass, not-applicable, ..., for formats that list
 * them), then `end()`. Every piece goes to the `write` the document was opened
 * with as soon as it is made; the document is valid whatever the number of
 * files and findings.
 */
export interface FormatStream {
  /**
   * A file and its results. `more`: the file goes on in the next call (a file
   * too big to hand on whole, a List on standard input). The calls of one file
   * come one after another, with its path: its messages are theirs in order,
   * its suppressed messages theirs in order (written after all its messages),
   * its counts their sums, its results theirs; the text is the same as for the
   * file handed on in one call.
   */
  file(file: FileResult, results?: readonly RuleResult[], more?: boolean): void;
  end(): void;
}

/**
 * A formatter opens a document on `write`. It never computes positions: every
 * message carries its 1-based line/column span already.
 */
export type Formatter = (ctx: FormatterContext, write: Write) => FormatStream;
