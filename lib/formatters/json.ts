import { resolve } from 'node:path';
import type { LintMessage } from '../engine/types.ts';
import { jsonArray } from './shared.ts';
import type { Formatter } from './types.ts';

/** ESLint-compatible JSON: one entry per file; positions 1-based; the contract other tools read. */
const json: Formatter = (ctx, write) => {
  const array = jsonArray(write);
  const filePath = (p: string): string => (p.startsWith('<') ? p : resolve(ctx.cwd, p));
  // A file handed on in parts: its entry is open, its messages written as they come.
  let open: { messages: ReturnType<typeof jsonArray>; suppressed: LintMessage[]; errors: number; warnings: number } | undefined;
  return {
    file: (f, _results, more = false) => {
      if (!open && !more) {
        array.item({
          filePath: filePath(f.filePath),
          messages: f.messages.map(publicMessage),
          suppressedMessages: f.suppressedMessages.map(publicMessage),
          errorCount: f.errorCount,
          warningCount: f.warningCount,
        });
        return;
      }
      if (!open) {
        array.begin();
        write(`{\n    "filePath": ${JSON.stringify(filePath(f.filePath))},\n    "messages": `);
        open = { messages: jsonArray(write, '    '), suppressed: [], errors: 0, warnings: 0 };
      }
      for (const m of f.messages) open.messages.item(publicMessage(m));
      for (const m of f.suppressedMessages) open.suppressed.push(m);
      open.errors += f.errorCount;
      open.warnings += f.warningCount;
      if (more) return;
      open.messages.end();
      write(',\n    "suppressedMessages": ');
      const suppressed = jsonArray(write, '    ');
      for (const m of open.suppressed) suppressed.item(publicMessage(m));
      suppressed.end();
      write(`,\n    "errorCount": ${open.errors},\n    "warningCount": ${open.warnings}\n  }`);
      open = undefined;
    },
    end: () => {
      array.end();
      write('\n');
    },
  };
};

function publicMessage(m: LintMessage): Record<string, unknown> {
  return {
    ruleId: m.ruleId,
    ruleName: m.ruleName,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
    state: m.state,
    path: m.path,
    ...(m.object ? { object: { kind: m.object.kind, name: m.object.name, ...(m.object.namespace ? { namespace: m.object.namespace } : {}), ...(m.object.overlay ? { overlay: m.object.overlay } : {}) } } : {}),
    ...(m.stig ? { stig: { release: m.stig.release, vulnId: m.stig.vulnId, ruleId: m.stig.ruleId, severity: m.stig.severity } } : {}),
    ...(m.fix ? { fix: m.fix } : {}),
    ...(m.relatedLocations ? { relatedLocations: m.relatedLocations.map((r) => ({ filePath: r.filePath, message: r.message, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn })) } : {}),
    ...(m.suppressions ? { suppressions: m.suppressions } : {}),
  };
}

export default json;
