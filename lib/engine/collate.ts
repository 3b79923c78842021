/**
 * The order of what shootlint lists (files, objects, option names): English
 * collation, fixed, so that the output is the same on every machine.
 * `String.prototype.localeCompare` without a locale follows the user's
 * (LANG, LC_ALL): in Danish `aa-x.yaml` sorts after `z.yaml`, in Swedish
 * `å.yaml` does, and a report or a SARIF file would list files in another
 * order on another machine.
 */
let english: Intl.Collator | undefined;

/** Compares two texts in English collation, whatever the machine's locale (the collator is made at the first comparison: a run that sorts nothing loads no collation data). */
export function collate(a: string, b: string): number {
  english ??= new Intl.Collator('en');
  return english.compare(a, b);
}
