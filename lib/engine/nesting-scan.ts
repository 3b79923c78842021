/**
 * A linear scan for documents nested too deeply, before the `yaml` library's
 * CST parser sees a text. That parser takes about 5 µs and several hundred
 * bytes per level of nesting: a 9 MB file of `[` ran for 48 s and died at
 * 4.4 GB, taking the whole run with it. The scan reads the text as YAML's
 * lexical structure allows (quoted scalars, comments and block scalars are
 * skipped; `[` and `{` open flow collections only where a node may start;
 * `- `, `? ` and `: ` at a node's start open compact block collections) and
 * counts the collections opened on one line or inside flow; past a cut it
 * reads on, so that a document ends where the parser ends it (a quoted scalar
 * holds a `---` line; flow does not). It may undercount
 * (nesting by indentation is left to the CST check, and costs its square in
 * bytes); it can overcount only on odd input, which nesting.ts confirms on the
 * parse of the document's prefix before it relies on a cut.
 */

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const DQUOTE = 34;
const HASH = 35;
const AMP = 38;
const SQUOTE = 39;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const QMARK = 63;
const BANG = 33;
const STAR = 42;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** A document nested beyond the bound: from `start` to `end`, its collection at `at` opened one level too many. */
export interface DeepCut {
  readonly start: number;
  readonly at: number;
  readonly end: number;
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === CR || c === LF || Number.isNaN(c);

/** Whether a document marker (`---` or `...`) starts at `i`, the start of a line. */
function isMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== DASH && c !== DOT) return false;
  return text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isBlank(text.charCodeAt(i + 3));
}

function lineAfter(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * The offset after the quoted scalar starting at `i`, as the parser's lexer
 * ends it: at its closing quote, or before a line that is a document marker;
 * one never closed runs to the end of the text.
 */
function afterQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  let close = -1;
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (quote === DQUOTE && c === BACKSLASH) k++;
    else if (c === quote) {
      if (quote === SQUOTE && text.charCodeAt(k + 1) === SQUOTE) k++;
      else {
        close = k;
        break;
      }
    }
  }
  if (close === -1) return text.length;
  for (let nl = text.indexOf('\n', i); nl !== -1 && nl < close; nl = text.indexOf('\n', nl + 1)) {
    if (isMarker(text, nl + 1)) return nl;
  }
  return close + 1;
}

/** The documents of `text` that open more than `max` collections on one line or inside flow, in text order. */
export function deepCuts(text: string, max: number): DeepCut[] {
  const n = text.length;
  const cuts: DeepCut[] = [];
  let docStart = 0;
  let cutAt = -1;
  let flow = 0;
  /** In flow: a line indented less than this ends it (the parser's rule), but for a comment or a closing bracket one less indented. */
  let flowIndent = 0;
  /** Inside a block scalar: lines more indented than this are its content (-1: at the top of a document); -2: none. */
  let blockParent = -2;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    let j = i;
    while (text.charCodeAt(j) === SPACE) j++;
    let indent = j - lineStart;
    if (indent === 0 && isMarker(text, j)) {
      if (cutAt >= 0) cuts.push({ start: docStart, at: cutAt, end: lineStart });
      docStart = lineStart;
      cutAt = -1;
      flow = 0;
      blockParent = -2;
      j += 3;
      indent = -1;
    } else if (flow > 0 && indent < flowIndent && text.charCodeAt(j) !== HASH && !(indent === flowIndent - 1 && flow === 1 && (text.charCodeAt(j) === RBRACKET || text.charCodeAt(j) === RBRACE))) {
      const c = text.charCodeAt(j);
      if (j < n && c !== LF && c !== CR) flow = 0;
    } else if (blockParent > -2) {
      const c = text.charCodeAt(j);
      if (j >= n || c === LF || c === CR || indent > blockParent) {
        i = lineAfter(text, j);
        continue;
      }
      blockParent = -2;
    }
    // The rest of the line (a quoted scalar may carry it over further lines).
    let nodeStart = true;
    let blankBefore = true;
    const firstNode = j;
    let compact = 0;
    for (;;) {
      if (j >= n) {
        i = n;
        break;
      }
      const c = text.charCodeAt(j);
      if (c === LF) {
        i = j + 1;
        break;
      }
      if (c === SPACE || c === TAB || c === CR) {
        blankBefore = true;
        j++;
        continue;
      }
      if (c === HASH && blankBefore) {
        i = lineAfter(text, j);
        break;
      }
      blankBefore = false;
      if (flow > 0) {
        if (c === LBRACKET || c === LBRACE) {
          flow++;
          if (compact + flow > max && cutAt < 0) cutAt = j;
          nodeStart = true;
        } else if (c === RBRACKET || c === RBRACE) {
          // The lexer reads a token right after a closing bracket: a quote there starts a quoted scalar.
          flow--;
          nodeStart = true;
        } else if (c === COMMA || c === COLON || (c === QMARK && isBlank(text.charCodeAt(j + 1)))) {
          nodeStart = true;
        } else if ((c === DQUOTE || c === SQUOTE) && nodeStart) {
          j = afterQuoted(text, j);
          nodeStart = false;
          continue;
        } else nodeStart = false;
        j++;
        continue;
      }
      if (!nodeStart) {
        // Within a plain scalar or after a node: a key's `: ` starts its value.
        if (c === COLON && isBlank(text.charCodeAt(j + 1))) nodeStart = true;
        j++;
        continue;
      }
      if (c === LBRACKET || c === LBRACE) {
        flow = 1;
        // A collection that is a line's first node (a document's root) keeps the line's indentation; a value one more.
        flowIndent = compact === 0 && j === firstNode ? indent : indent + 1;
        if (compact + flow > max && cutAt < 0) cutAt = j;
      } else if ((c === DASH || c === QMARK || c === COLON) && isBlank(text.charCodeAt(j + 1))) {
        if (++compact > max && cutAt < 0) cutAt = j;
      } else if (c === DQUOTE || c === SQUOTE) {
        j = afterQuoted(text, j);
        nodeStart = false;
        continue;
      } else if (c === PIPE || c === GT) {
        blockParent = indent;
        i = lineAfter(text, j);
        break;
      } else if (c === RBRACKET || c === RBRACE) {
        // A stray closing bracket: an error the lexer steps over, reading a token after it.
      } else if (c === AMP || c === BANG || c === STAR) {
        // An anchor or a tag, the node following it; an alias, after which the lexer reads a token.
        while (j < n && !isBlank(text.charCodeAt(j))) j++;
        continue;
      } else nodeStart = false;
      j++;
    }
  }
  if (cutAt >= 0) cuts.push({ start: docStart, at: cutAt, end: n });
  return cuts;
}

/** `text` with each cut document blanked after its cut (spaces, newlines kept): offsets stay, the parser reads only the prefix. */
export function blankedAfter(text: string, cuts: readonly DeepCut[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(text.slice(from, c.at + 1));
    for (let i = c.at + 1; i < c.end; ) {
      const nl = text.indexOf('\n', i);
      const lineEnd = nl === -1 || nl >= c.end ? c.end : nl;
      parts.push(' '.repeat(lineEnd - i));
      if (lineEnd < c.end) parts.push('\n');
      i = lineEnd + 1;
    }
    from = c.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
