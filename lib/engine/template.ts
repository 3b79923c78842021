/**
 * Go template files (Helm chart templates, and templates rendered by other
 * tools) outside a render: their YAML is not the manifest, so linting it gives
 * only noise (parse errors, `{{ .Values.name }}` read as a mapping, empty
 * names). A file is a template when a Go template action (`{{ ... }}`):
 * - stands on its own line (`{{- if .Values.x }}`, `{{ include ... }}`),
 * - or sits in a plain (unquoted) value or key (`name: {{ .Values.name }}`,
 *   `name: team-{{ .Values.team }}`),
 * - or the file does not parse and has an action anywhere.
 * A quoted action (`version: "{{ .Values.v }}"`) is a string: the file is
 * linted as it is (that version is not a version: a schema error, and the
 * verdicts that depend on it are unverifiable). Actions inside block scalars
 * and comments do not count.
 */

const BLOCK_SCALAR_START = /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/;

/** The offsets of the first action that makes `text` a template, or undefined. */
export function templateAction(text: string): readonly [number, number] | undefined {
  if (!text.includes('{{')) return undefined;
  let offset = 0;
  let blockIndent = -1;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (blockIndent >= 0) {
      if (body === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const at = actionColumn(line);
    if (at !== undefined) return [start + at, start + actionEnd(line, at)];
    if (BLOCK_SCALAR_START.test(stripComment(line))) blockIndent = indent;
  }
  return undefined;
}

/** The offsets of the first `{{` in `text` (for a file that does not parse). */
export function anyAction(text: string): readonly [number, number] | undefined {
  const at = text.indexOf('{{');
  if (at === -1) return undefined;
  const close = text.indexOf('}}', at);
  const eol = text.indexOf('\n', at);
  const end = close !== -1 && (eol === -1 || close < eol) ? close + 2 : eol === -1 ? text.length : eol;
  return [at, end];
}

function actionEnd(line: string, at: number): number {
  const close = line.indexOf('}}', at);
  return close === -1 ? line.length : close + 2;
}

/** The line without a trailing comment (a `#` after whitespace, outside quotes). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * The column of an action on this line that is not inside a quoted scalar or a
 * comment: the line is then template source, not YAML.
 */
function actionColumn(line: string): number | undefined {
  const code = stripComment(line);
  let quote = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++; // an escaped character, a quote among them
      else if (c === quote) quote = '';
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(code[i - 1]!))) {
      // A quote opens a scalar only where a scalar starts (not inside a plain one).
      const before = code.slice(0, i).trimEnd();
      if (before === '' || /[:\-[{,]$/.test(before)) quote = c;
      continue;
    }
    if (c === '{' && code[i + 1] === '{') return i;
  }
  return undefined;
}
