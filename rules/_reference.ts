/**
 * Cross-document references as rules judge them (spec section 1): the
 * engine's `pickReference` chooses the candidates; these helpers judge an
 * ambiguous reference with each candidate, keep the worse verdict, and say so.
 */
import type { KubeObject } from '../lib/engine/document.ts';
import type { ReportDescriptor, RuleContext } from '../lib/engine/rule.ts';
import type { YamlPath } from '../lib/engine/types.ts';
import { foundIn } from '../lib/engine/lookup-scope.ts';

/** Lower is worse: a STIG failure, unverifiable, a warning, a pass, not applicable. */
function rankOf(d: ReportDescriptor): number {
  const state = d.state ?? 'fail';
  if (state === 'fail') return d.severity === 'warning' ? 2 : 0;
  if (state === 'unverifiable') return 1;
  return state === 'pass' ? 3 : 4;
}

/**
 * Judges with each candidate and forwards only the reports of the worst
 * verdict (the first candidate among equals); returns that judgement's result.
 * With one candidate it is a plain call.
 */
export function judgeWorst<T, R, O>(candidates: readonly T[], ctx: RuleContext<O>, judge: (candidate: T, ctx: RuleContext<O>) => R): R | undefined {
  const [only] = candidates;
  if (only === undefined) return undefined;
  if (candidates.length === 1) return judge(only, ctx);
  let worst: { rank: number; reports: ReportDescriptor[]; result: R } | undefined;
  for (const c of candidates) {
    const reports: ReportDescriptor[] = [];
    const result = judge(c, { ...ctx, report: (d) => void reports.push(d) });
    const rank = Math.min(5, ...reports.map(rankOf));
    if (!worst || rank < worst.rank) worst = { rank, reports, result };
  }
  for (const d of worst!.reports) ctx.report(d);
  return worst!.result;
}

function label(o: KubeObject): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

/**
 * Warns (never a STIG failure) that a reference resolves to several documents
 * of different content, each judged, the worse verdict reported.
 */
export function reportAmbiguous(ctx: RuleContext<unknown>, referrer: KubeObject, at: YamlPath, what: string, candidates: readonly KubeObject[]): void {
  const where = [...new Set(candidates.map((c) => c.file.path))].join(', ');
  ctx.report({
    object: referrer,
    at,
    severity: 'warning',
    message:
      `The reference to ${what} is ambiguous: ${candidates.length} documents of that name and namespace differ in content (${where}); ` +
      'each was judged and the worse verdict is reported.',
    hint: `Keep one ${what} ${foundIn(ctx.settings)} (delete or rename the others).`,
    related: candidates.map((c) => ({ object: c, at: ['metadata', 'name'], message: `candidate ${c.kind} ${label(c)}` })),
  });
}

export { fallbackNote } from '../lib/engine/workspace.ts';
