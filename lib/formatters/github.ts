import type { Formatter } from './types.ts';
import { relativePath } from './shared.ts';

/** Escapes a workflow command's data (the message): `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: as data, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per
 * finding, placed on the exact range in the pull request's diff.
 */
const github: Formatter = (ctx, write) => ({
  file: (f) => {
    const file = relativePath(ctx.cwd, f.filePath);
    for (const m of f.messages) {
      const name = m.ruleName && m.ruleName !== m.ruleId ? ` (${m.ruleName})` : '';
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeProperty(`shootlint ${m.ruleId}${name}`)}`,
      ].join(',');
      const text = m.fix && (m.state === 'fail' || m.state === 'unverifiable') ? `${m.message}\nFix: ${m.fix}` : m.message;
      write(`::${m.severity === 2 ? 'error' : 'warning'} ${props}::${escapeData(text)}\n`);
    }
  },
  end: () => {},
});

export default github;
