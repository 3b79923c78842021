import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BlockWriter } from '../run/sink.ts';
import { UsageError } from '../run/usage-error.ts';

function outputError(shown: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a parent is not a directory' : (e.code ?? e.message);
  return new UsageError(`cannot write the output file ${shown}: ${why}`);
}

/**
 * Opens `-o`'s output (or a `--format NAME:FILE` file) for writing block by
 * block, creating missing parent folders (as ESLint does); a path that cannot
 * be written is a clear error (exit 2), never a stack trace.
 */
export function openOutputFile(abs: string, shown: string): { readonly write: (piece: string) => void; end(): void } {
  let fd: number;
  try {
    mkdirSync(dirname(abs), { recursive: true });
    fd = openSync(abs, 'w');
  } catch (err) {
    throw outputError(shown, err);
  }
  const blocks = new BlockWriter((block) => {
    try {
      writeSync(fd, block);
    } catch (err) {
      throw outputError(shown, err);
    }
  });
  return {
    write: blocks.write,
    end: () => {
      try {
        blocks.end();
      } finally {
        closeSync(fd);
      }
    },
  };
}
