import type { StreamPosition } from './list-item.ts';

/**
 * Counts a byte stream's positions as the text read whole would have them
 * (lib/engine/positions.ts): UTF-16 offsets, lines broken at LF (a CR belongs
 * to the line it ends), and columns on line 1 counted after a leading byte
 * order mark. Byte by byte, so a character split across chunks counts once.
 */
export class PositionTracker {
  byte = 0;
  unit = 0;
  line = 1;
  lineStartUnit = 0;
  private bom = 0;

  advance(b: number): void {
    if (this.byte < 3) this.bom = this.bom * 256 + b;
    this.byte++;
    if (b < 0x80) {
      this.unit++;
      if (b === 0x0a) {
        this.line++;
        this.lineStartUnit = this.unit;
      }
    } else if (b >= 0xc0) this.unit += b >= 0xf0 ? 2 : 1;
    if (this.byte === 3 && this.bom === 0xefbbbf && this.line === 1) this.lineStartUnit = this.unit;
  }

  position(): StreamPosition {
    return { byte: this.byte, unit: this.unit, line: this.line, column: this.unit - this.lineStartUnit };
  }
}
