/**
 * Findings held on disk until their place in the output comes: a List on
 * standard input hands its findings on in the order of their place, and an
 * item listed early that later items reference (a ConfigMap listed before
 * the Shoots using it) holds back every finding after it until the last of
 * them is linted. Those findings wait here, one JSON line each in a
 * temporary file (removed when closed, or at exit), with only their places
 * in memory.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LintMessage } from '../engine/types.ts';

/** A finding as it is ordered (its text before it names the objects it is placed for) and as it is shown. */
export type Held = readonly [order: LintMessage, shown: LintMessage];

const BUFFER = 1 << 20;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of standard input's findings: place, end, rule, text. */
export function compareHeld(a: Held, b: Held): number {
  const x = a[0];
  const y = b[0];
  return x.offset - y.offset || x.endOffset - y.endOffset || compareText(x.ruleId, y.ruleId) || compareText(x.message, y.message);
}

export class MessageSpool {
  private fd: number | undefined;
  private path: string | undefined;
  private pieces: string[] = [];
  private buffered = 0;
  /** Bytes in the file (written and buffered). */
  private size = 0;
  // The held findings, in the order they came: place, end, rule, and their line in the file.
  private offsets: number[] = [];
  private ends: number[] = [];
  private rules: string[] = [];
  private starts: number[] = [];
  private lengths: number[] = [];

  get length(): number {
    return this.offsets.length;
  }

  add(order: LintMessage, shown: LintMessage): void {
    const line = `${JSON.stringify([order.message === shown.message ? 0 : order.message, shown])}\n`;
    const bytes = Buffer.byteLength(line);
    this.offsets.push(order.offset);
    this.ends.push(order.endOffset);
    this.rules.push(order.ruleId);
    this.starts.push(this.size);
    this.lengths.push(bytes);
    this.size += bytes;
    this.pieces.push(line);
    this.buffered += bytes;
    if (this.buffered >= BUFFER) this.spill();
  }

  /** The held findings placed before `to`, in order (read a block at a time), and forgets them. */
  *take(to: number): Generator<Held> {
    const picked: number[] = [];
    const kept: number[] = [];
    for (let i = 0; i < this.offsets.length; i++) (this.offsets[i]! < to ? picked : kept).push(i);
    if (!picked.length) return;
    picked.sort((a, b) => this.offsets[a]! - this.offsets[b]! || this.ends[a]! - this.ends[b]! || compareText(this.rules[a]!, this.rules[b]!) || a - b);
    const { offsets, ends, rules, starts, lengths } = this;
    const keep = <T>(xs: T[]): T[] => kept.map((i) => xs[i]!);
    this.offsets = keep(offsets);
    this.ends = keep(ends);
    this.rules = keep(rules);
    this.starts = keep(starts);
    this.lengths = keep(lengths);
    this.spill();
    let block = Buffer.alloc(0);
    let blockStart = 0;
    const read = (i: number): Held => {
      const start = starts[i]!;
      const length = lengths[i]!;
      if (start < blockStart || start + length > blockStart + block.length) {
        block = Buffer.allocUnsafe(Math.max(BUFFER, length));
        block = block.subarray(0, readSync(this.fd!, block, 0, block.length, start));
        blockStart = start;
      }
      const [order, shown] = JSON.parse(block.toString('utf8', start - blockStart, start - blockStart + length)) as [string | 0, LintMessage];
      return [order === 0 ? shown : { ...shown, message: order }, shown];
    };
    // Findings of one place, end and rule are ordered by their text.
    for (let at = 0; at < picked.length; ) {
      let next = at + 1;
      const i = picked[at]!;
      while (next < picked.length && offsets[picked[next]!] === offsets[i] && ends[picked[next]!] === ends[i] && rules[picked[next]!] === rules[i]) next++;
      if (next === at + 1) yield read(i);
      else {
        const run: Held[] = [];
        for (let k = at; k < next; k++) run.push(read(picked[k]!));
        run.sort(compareHeld);
        yield* run;
      }
      at = next;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.path !== undefined) rmSync(dirname(this.path), { recursive: true, force: true });
    this.fd = undefined;
    this.path = undefined;
  }

  private spill(): void {
    if (!this.pieces.length) return;
    if (this.fd === undefined) {
      const dir = mkdtempSync(join(tmpdir(), 'shootlint-'));
      this.path = join(dir, 'findings');
      this.fd = openSync(this.path, 'w+');
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    writeSync(this.fd, this.pieces.join(''));
    this.pieces = [];
    this.buffered = 0;
  }
}
