/** Deterministic random edits of YAML text, for comparing parsers on near-valid input. */

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ': ', ':', ' #', '#', "'", '"', "''", '[', ']', '{', '}', ',', '-', '- ', '|', '|-', '|+', '>', '&a ', '*a', '!t ', '\\', '---', '...', ' ', '  ',
  "'it''s'", '"q"', '"a # b"', "'x' # c", '\n', '\n  ', '\n- ', '? ', '~', 'null', '1.0', '0x1F', '0o7', '.inf', '-0', 'true', 'True', '<<: ', '%', '@', '`', 'é', '"a": ', '[a, b]', '{a: 1}', '{}', '[]',
];

/** `text` with one random edit. */
export function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const n = lines.length;
  const at = Math.floor(rnd() * n);
  const line = lines[at]!;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  switch (Math.floor(rnd() * 7)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, line);
      break;
    case 2:
      if (at + 1 < n) [lines[at], lines[at + 1]] = [lines[at + 1]!, line];
      break;
    case 3: {
      const d = pick([-2, -1, 1, 2]);
      lines[at] = d > 0 ? ' '.repeat(d) + line : line.replace(new RegExp(`^ {0,${-d}}`), '');
      break;
    }
    case 4: {
      const col = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, col) + pick(PIECES) + line.slice(col);
      break;
    }
    case 5: {
      const colon = line.indexOf(': ');
      if (colon !== -1) lines[at] = line.slice(0, colon + 2) + pick(PIECES) + pick(['', 'x', ' y', '1']);
      break;
    }
    default: {
      const col = Math.floor(rnd() * line.length);
      lines[at] = line.slice(0, col) + line.slice(col + 1 + Math.floor(rnd() * 3));
    }
  }
  return lines.join('\n');
}
