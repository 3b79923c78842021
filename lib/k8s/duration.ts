/**
 * Go durations (`time.ParseDuration`), the text form of a Kubernetes
 * `metav1.Duration`: a sequence of decimal numbers with units, optionally
 * signed, e.g. `300ms`, `-1.5h`, `2h45m`, `5m`, and the bare `0`.
 * Units: ns, us (or µs / μs), ms, s, m, h.
 */

export const NANOSECOND = 1;
export const MICROSECOND = 1_000;
export const MILLISECOND = 1_000_000;
export const SECOND = 1_000_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const UNITS: Readonly<Record<string, number>> = {
  ns: NANOSECOND,
  us: MICROSECOND,
  '\u00b5s': MICROSECOND, // µ (micro sign)
  '\u03bcs': MICROSECOND, // μ (Greek mu)
  ms: MILLISECOND,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_NANOSECONDS = 9_223_372_036_854_775_807;

export type ParsedDuration =
  | { readonly ok: true; /** Nanoseconds (a double: exact up to about 104 days). */ readonly nanoseconds: number }
  | { readonly ok: false; readonly error: string };

/** Parses a Go duration string; never throws. */
export function parseDuration(text: string): ParsedDuration {
  const fail = (why: string): ParsedDuration => ({ ok: false, error: `invalid duration "${text}": ${why}` });
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0 };
  if (s === '') return fail('empty');
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]*)/;
  while (s !== '') {
    const m = part.exec(s)!;
    const [whole, int = '', frac, unit = ''] = m;
    if (int === '' && (frac === undefined || frac === '')) return fail('expected a number');
    if (unit === '') return fail('missing unit (use one of ns, us, ms, s, m, h)');
    const scale = UNITS[unit];
    if (scale === undefined) return fail(`unknown unit "${unit}" (use one of ns, us, ms, s, m, h)`);
    total += Number(`${int || '0'}.${frac ?? ''}0`) * scale;
    if (total > MAX_NANOSECONDS) return fail('out of range');
    s = s.slice(whole.length);
  }
  return { ok: true, nanoseconds: sign * total };
}

/** A readable form of a duration in nanoseconds: `5m`, `1h30m`, `45s`, `0s`. */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  let rest = Math.abs(nanoseconds);
  if (rest < SECOND) {
    if (rest >= MILLISECOND) return `${sign}${rest / MILLISECOND}ms`;
    if (rest >= MICROSECOND) return `${sign}${rest / MICROSECOND}us`;
    return `${sign}${rest}ns`;
  }
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const sec = rest / SECOND;
  return `${sign}${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec ? `${Number(sec.toFixed(9))}s` : ''}`;
}
