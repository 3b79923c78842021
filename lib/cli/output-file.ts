import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../run/usage-error.ts';

/**
 * Writes `-o`'s output, creating missing parent folders (as ESLint does); a
 * path that cannot be written is a clear error (exit 2), never a stack trace.
 */
export function writeOutputFile(abs: string, shown: string, text: string): void {
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a parent is not a directory' : (e.code ?? e.message);
    throw new UsageError(`cannot write the output file ${shown}: ${why}`);
  }
}
